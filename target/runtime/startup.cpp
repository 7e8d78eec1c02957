// Reset and fault entry for a bare Cortex-M4: the vector table, .data copied from its load
// address, .bss zeroed, static constructors run, then main(); main's return value ends the
// program through target::exit_program (semihosting under QEMU, a reset on a product).
#include <cstdint>

#include "runtime/fatal.hpp"

extern "C" {
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
void Reset_Handler();
void Fault_Handler();
void Unused_Handler();
void SysTick_Handler() __attribute__((weak, alias("Unused_Handler")));
}

namespace {

using Vector = void (*)();

// Cortex-M core vectors only: norboot's programs poll, they take no peripheral interrupts.
__attribute__((section(".isr_vector"), used)) const Vector kVectors[16] = {
    reinterpret_cast<Vector>(__stack_top),  // initial main stack pointer
    Reset_Handler,
    Fault_Handler,   // NMI
    Fault_Handler,   // HardFault
    Fault_Handler,   // MemManage
    Fault_Handler,   // BusFault
    Fault_Handler,   // UsageFault
    nullptr, nullptr, nullptr, nullptr,
    Unused_Handler,  // SVCall
    Unused_Handler,  // DebugMonitor
    nullptr,
    Unused_Handler,  // PendSV
    SysTick_Handler,
};

}  // namespace

extern "C" void Reset_Handler() {
  for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  for (auto* ctor = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  norboot::target::exit_program(main());
}

extern "C" void Fault_Handler() { norboot::target::fatal("CPU fault (HardFault/MemManage/BusFault/UsageFault/NMI)"); }

extern "C" void Unused_Handler() { norboot::target::fatal("unexpected exception vector"); }
