// The Flash contract suite over the SPI NOR driver: on the recording bus (SPIM- and QSPI-shaped
// rules) and, in spi_nor_model_contract cases below, on the sim's chip and controller models.
#include <memory>
#include <vector>

#include "model_rig.hpp"
#include "scripted_bus.hpp"
#include "sfdp_images.hpp"
#include "sim/virtual_clock.hpp"
#include "spinor/spi_nor.hpp"
#include "support/flash_contract.hpp"

namespace norboot::testing::spi_nor_contract_test {
namespace {

class ScriptedTarget final : public FlashContractTarget {
 public:
  explicit ScriptedTarget(spinor::BusRules rules)
      : bus_(rules, {0xC2, 0x28, 0x16}, 4u << 20, sfdp_image(mx25r_bfp_with_size(4u << 20))), nor_(bus_, clock_, work_) {
    ok_ = static_cast<bool>(nor_.probe());
  }
  flash::Flash& flash() override {
    EXPECT_TRUE(ok_) << "probe failed";
    return nor_;
  }
  std::vector<std::byte> raw() override { return bus_.mem; }
  bool async_erase() const override { return true; }
  void let_time_pass(uint64_t ns) override { clock_.sleep_ns(ns); }

 private:
  sim::VirtualClock clock_;
  ScriptedBus bus_;
  alignas(4) std::array<std::byte, 256> work_{};
  spinor::SpiNor nor_;
  bool ok_ = false;
};

FlashContractCase scripted(const char* name, spinor::BusRules rules) {
  return {name, [=] { return std::unique_ptr<FlashContractTarget>(new ScriptedTarget(rules)); }};
}

INSTANTIATE_TEST_SUITE_P(
    SpiNorScripted, FlashContract,
    ::testing::Values(scripted("scripted_spim", {.max_segment = 0xFFFF, .data_align = 1, .buffer_align = 1}),
                      scripted("scripted_qspi",
                               {.max_segment = 0xFFFFF, .data_align = 4, .max_short_frame = 8, .buffer_align = 4})),
    flash_contract_case_name);

// The driver on the chip and controller models (spi_nor_model_contract): the chip and bus of each
// board preset (the 32 MiB part runs on QSPI in qspi_controller_test.cpp; here it would only cost time).
class ModelTarget final : public FlashContractTarget {
 public:
  ModelTarget(sim::NorChipKind kind, const ModelRigOptions& opt) : rig_(std::make_unique<ModelRig>(kind, opt)) {
    ok_ = static_cast<bool>(rig_->nor.probe());
  }
  flash::Flash& flash() override {
    EXPECT_TRUE(ok_) << "probe failed";
    return rig_->nor;
  }
  std::vector<std::byte> raw() override {
    auto c = rig_->cells();
    return {c.begin(), c.end()};
  }
  bool async_erase() const override { return true; }
  void let_time_pass(uint64_t ns) override { rig_->clock.sleep_ns(ns); }

 private:
  std::unique_ptr<ModelRig> rig_;
  bool ok_ = false;
};

FlashContractCase model(const char* name, sim::NorChipKind kind, Controller c) {
  ModelRigOptions opt;
  opt.controller = c;
  return {name, [=] { return std::unique_ptr<FlashContractTarget>(new ModelTarget(kind, opt)); }};
}

INSTANTIATE_TEST_SUITE_P(
    SpiNorModels, FlashContract,
    ::testing::Values(model("mx25r3235f_spim", sim::NorChipKind::kMx25r3235f, Controller::kSpim),
                      model("mx25r6435f_qspi", sim::NorChipKind::kMx25r6435f, Controller::kQspi),
                      model("w25q128jv_spim", sim::NorChipKind::kW25q128jv, Controller::kSpim)),
    flash_contract_case_name);

}  // namespace
}  // namespace norboot::testing::spi_nor_contract_test
