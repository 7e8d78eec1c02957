// The Flash contract suite over RamFlash: uniform word-programmed, byte-programmed with a program
// page, and non-uniform (STM32F4-like runs, scaled down).
#include <memory>
#include <vector>

#include "flash/ram_flash.hpp"
#include "support/flash_contract.hpp"

namespace norboot::testing::ram_flash_contract_test {
namespace {

class RamTarget final : public FlashContractTarget {
 public:
  explicit RamTarget(const flash::Geometry& g) : mem_(g.size), dev_("ram", g, mem_) { dev_.format(); }
  flash::Flash& flash() override { return dev_; }
  std::vector<std::byte> raw() override { return mem_; }

 private:
  std::vector<std::byte> mem_;
  flash::RamFlash dev_;
};

flash::Geometry small_non_uniform() {
  flash::Geometry g;
  g.write_block = 1;
  g.runs = {flash::SectorRun{1024, 4}, flash::SectorRun{4096, 1}, flash::SectorRun{8192, 3}};
  g.run_count = 3;
  g.size = 4 * 1024 + 4096 + 3 * 8192;
  g.erase_sizes = {1024, 4096, 8192};
  g.erase_type_count = 3;
  return g;
}

INSTANTIATE_TEST_SUITE_P(
    RamFlash, FlashContract,
    ::testing::Values(
        FlashContractCase{"uniform_word", [] { return std::make_unique<RamTarget>(flash::Geometry::uniform(4096, 16, 4)); }},
        FlashContractCase{"uniform_byte_paged",
                          [] { return std::make_unique<RamTarget>(flash::Geometry::uniform(4096, 8, 1, 0xFF, 256)); }},
        FlashContractCase{"non_uniform", [] { return std::make_unique<RamTarget>(small_non_uniform()); }}),
    flash_contract_case_name);

}  // namespace
}  // namespace norboot::testing::ram_flash_contract_test
