#include "model_rig.hpp"

namespace norboot::testing {

std::unique_ptr<spinor::SpiBus> make_controller(Controller c, sim::SpiNorChip& chip, sim::PowerDomain& power,
                                                const ModelRigOptions& opt) {
  switch (c) {
    case Controller::kSpim: return std::make_unique<sim::SpimController>(chip, power, opt.spim);
    case Controller::kQspi: return std::make_unique<sim::QspiController>(chip, power, opt.qspi);
  }
  return nullptr;
}

}  // namespace norboot::testing
