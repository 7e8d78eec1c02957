#include "support/nor_model_bus.hpp"

#include <cstring>

namespace norboot::target {

namespace {

constexpr uint8_t kWip = 0x01, kWel = 0x02, kBpMask = 0x3C;

uint32_t addr24(std::span<const std::byte> cmd) {
  if (cmd.size() < 4) return 0;
  return (std::to_integer<uint32_t>(cmd[1]) << 16) | (std::to_integer<uint32_t>(cmd[2]) << 8) |
         std::to_integer<uint32_t>(cmd[3]);
}

}  // namespace

NorModelBus::NorModelBus(std::span<std::byte> array, const spinor::BusRules& rules) : mem_(array), rules_(rules) {
  std::memset(mem_.data(), 0xFF, mem_.size());
}

core::Status NorModelBus::transfer(const spinor::SpiFrame& f) {
  if (f.cmd.empty()) return core::fail(core::Errc::kInvalidArgument, "SPI frame without an opcode");
  const uint8_t opcode = std::to_integer<uint8_t>(f.cmd[0]);
  ++count_[opcode];
  if (dp_) {
    if (opcode == 0xAB) dp_ = false;  // RDP; any other opcode is ignored in deep power-down
    return core::ok();
  }
  const bool reset = reset_armed_ && opcode == 0x99;
  reset_armed_ = opcode == 0x66;
  if (reset) {
    status_ &= kBpMask;  // BP bits are non-volatile; WEL and WIP clear
    return core::ok();
  }
  answer(f, opcode);
  modify(f, opcode);
  return core::ok();
}

// Commands that only read the chip.
void NorModelBus::answer(const spinor::SpiFrame& f, uint8_t opcode) {
  switch (opcode) {
    case 0x05:
      for (auto& b : f.rx) b = std::byte{status_};
      break;
    case 0x9F: {
      constexpr std::array<std::byte, 3> kId{std::byte{0xC2}, std::byte{0x28}, std::byte{0x17}};
      for (size_t i = 0; i < f.rx.size(); ++i) f.rx[i] = i < kId.size() ? kId[i] : std::byte{0xFF};
      break;
    }
    case 0x5A:
      std::memset(f.rx.data(), 0xFF, f.rx.size());
      break;
    case 0x03:
    case 0x0B: {
      const uint32_t a = addr24(f.cmd);
      for (size_t i = 0; i < f.rx.size(); ++i) f.rx[i] = mem_[(a + i) % kSize];
      break;
    }
    default:
      break;
  }
}

// Commands that change the chip: each needs WEL and clears it.
void NorModelBus::modify(const spinor::SpiFrame& f, uint8_t opcode) {
  if (opcode == 0x06) status_ |= kWel;
  if (opcode == 0x04) status_ &= static_cast<uint8_t>(~kWel);
  const bool needs_wel = opcode == 0x01 || opcode == 0x02 || opcode == 0x20 || opcode == 0x52 || opcode == 0xD8 ||
                         opcode == 0xC7 || opcode == 0x60;
  if (!needs_wel || (status_ & kWel) == 0) {
    if (opcode == 0xB9) dp_ = true;
    return;
  }
  const uint32_t a = addr24(f.cmd);
  switch (opcode) {
    case 0x01:
      if (!f.tx.empty()) status_ = static_cast<uint8_t>((status_ & ~kBpMask) | (std::to_integer<uint8_t>(f.tx[0]) & kBpMask));
      break;
    case 0x02: program(a, f.tx); break;
    case 0x20: erase(a, 4096); break;
    case 0x52: erase(a, 32768); break;
    case 0xD8: erase(a, 65536); break;
    default: erase(0, kSize); break;
  }
  status_ &= static_cast<uint8_t>(~(kWel | kWip));
}

void NorModelBus::program(uint32_t addr, std::span<const std::byte> data) {
  const uint32_t page = addr & ~(kPage - 1);
  for (size_t i = 0; i < data.size(); ++i) {
    const uint32_t at = page + ((addr + i) & (kPage - 1));  // PP wraps inside its page
    mem_[at % kSize] &= data[i];
  }
}

void NorModelBus::erase(uint32_t addr, uint32_t size) {
  const uint32_t base = addr & ~(size - 1);
  std::memset(mem_.data() + base, 0xFF, size);
}

}  // namespace norboot::target
