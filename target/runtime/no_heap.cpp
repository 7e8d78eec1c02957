// The heap does not exist in this build. malloc/calloc/realloc/free and every operator new are
// wrapped by the linker (-Wl,--wrap=…, target/CMakeLists.txt) to symbols nobody defines, so a
// reference to any of them is a link error naming the caller.
//
// operator delete is the one exception: every class with a virtual destructor gets a "deleting
// destructor" in its vtable that calls operator delete(void*, size_t), even when no object is
// ever allocated. Without new there is nothing to delete, so reaching one of these is a bug and
// stops the program.
#include <cstddef>
#include <cstdlib>

#include "runtime/fatal.hpp"

void operator delete(void*) noexcept { norboot::target::fatal("operator delete called (there is no heap)"); }
void operator delete(void*, std::size_t) noexcept { norboot::target::fatal("operator delete called (there is no heap)"); }
void operator delete[](void*) noexcept { norboot::target::fatal("operator delete[] called (there is no heap)"); }
void operator delete[](void*, std::size_t) noexcept {
  norboot::target::fatal("operator delete[] called (there is no heap)");
}

// newlib's abort() raises SIGABRT through signal(), which allocates (+932 B, cortex-m.md). Ours
// stops at once; std::expected::value() on an error and __builtin_trap paths end here.
extern "C" void abort() { norboot::target::fatal("abort()"); }
extern "C" void __cxa_pure_virtual() { norboot::target::fatal("pure virtual function called"); }
