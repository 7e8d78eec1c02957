#include "smp/serial_link.hpp"

namespace norboot::smp {

core::Status SerialLink::receive(std::span<const std::byte> bytes) {
  for (std::byte b : bytes) {
    auto request = decoder_.feed(b);
    if (!request) continue;
    size_t n = agent_.handle(*request, tx_);
    if (n > 0) NB_TRY(encode_frame(std::span<const std::byte>(tx_).first(n), uart_, max_line_));
  }
  return core::ok();
}

}  // namespace norboot::smp
