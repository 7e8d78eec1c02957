// The Flash contract suite over the simulator's flashes: TimedRamFlash (blocking, background,
// non-uniform), McuFlash over every MCU model preset, and FaultyFlash with no fault armed.
#include <memory>
#include <vector>

#include "flash/mcu_flash.hpp"
#include "flash/ram_flash.hpp"
#include "support/flash_contract.hpp"
#include "sim/faulty_flash.hpp"
#include "sim/mcu_flash_model.hpp"
#include "sim/timed_ram_flash.hpp"

namespace norboot::testing::flash_contract_sim_test {
namespace {

class TimedTarget final : public FlashContractTarget {
 public:
  explicit TimedTarget(sim::TimedRamFlashConfig cfg) : dev_(cfg, power_) {}
  flash::Flash& flash() override { return dev_; }
  std::vector<std::byte> raw() override { return {dev_.bytes().begin(), dev_.bytes().end()}; }
  bool async_erase() const override { return dev_.config().async_erase; }
  void let_time_pass(uint64_t ns) override { clock_.sleep_ns(ns); }

 private:
  sim::VirtualClock clock_;
  sim::PowerDomain power_{clock_};
  sim::TimedRamFlash dev_;
};

class McuTarget final : public FlashContractTarget {
 public:
  McuTarget(sim::McuFlashKind kind, sim::TimingColumn timing)
      : model_(sim::mcu_flash_spec(kind), power_, timing), dev_("internal", model_) {}
  flash::Flash& flash() override { return dev_; }
  std::vector<std::byte> raw() override { return {model_.bytes().begin(), model_.bytes().end()}; }
  void let_time_pass(uint64_t ns) override { clock_.sleep_ns(ns); }

 private:
  sim::VirtualClock clock_;
  sim::PowerDomain power_{clock_};
  sim::McuFlashModel model_;
  flash::McuFlash dev_;
};

class FaultyTarget final : public FlashContractTarget {
 public:
  FaultyTarget() : inner_("ram", flash::Geometry::uniform(4096, 16, 4), mem_), dev_(inner_) { inner_.format(); }
  flash::Flash& flash() override { return dev_; }
  std::vector<std::byte> raw() override { return mem_; }

 private:
  std::vector<std::byte> mem_ = std::vector<std::byte>(4096 * 16);
  flash::RamFlash inner_;
  sim::FaultyFlash dev_;
};

sim::TimedRamFlashConfig nor_like(bool async) {
  flash::Geometry g = flash::Geometry::uniform(4096, 64, 1, 0xFF, 256);
  return {.name = "external", .geometry = g, .program_ns = 3'000, .erase_ns = 45'000'000,
          .async_erase = async, .async_program = async};
}

sim::TimedRamFlashConfig stm32_like() {
  return {.name = "internal", .geometry = sim::mcu_geometry(sim::McuFlashKind::kStm32f4), .program_ns = 16'000,
          .erase_ns_by_run = {400'000'000, 1'200'000'000, 2'000'000'000}};
}

template <class T, class... Args>
FlashContractCase make_case(const char* name, Args... args) {
  return {name, [=] { return std::unique_ptr<FlashContractTarget>(new T(args...)); }};
}

INSTANTIATE_TEST_SUITE_P(
    Sim, FlashContract,
    ::testing::Values(make_case<TimedTarget>("timed_blocking", nor_like(false)),
                      make_case<TimedTarget>("timed_background", nor_like(true)),
                      make_case<TimedTarget>("timed_non_uniform", stm32_like()),
                      make_case<McuTarget>("mcu_nrf52833", sim::McuFlashKind::kNrf52833, sim::TimingColumn::kTypical),
                      make_case<McuTarget>("mcu_nrf52840_max", sim::McuFlashKind::kNrf52840, sim::TimingColumn::kMax),
                      make_case<McuTarget>("mcu_stm32f4", sim::McuFlashKind::kStm32f4, sim::TimingColumn::kTypical),
                      make_case<FaultyTarget>("faulty_unarmed")),
    flash_contract_case_name);

}  // namespace
}  // namespace norboot::testing::flash_contract_sim_test
