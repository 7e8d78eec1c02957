#include "scripted_bus.hpp"

#include <algorithm>
#include <cstring>

namespace norboot::testing {

namespace {
constexpr uint32_t kPage = 256;
bool is_data_phase(uint8_t opcode) { return opcode == 0x0B || opcode == 0x0C || opcode == 0x02 || opcode == 0x12; }
}  // namespace

ScriptedBus::ScriptedBus(spinor::BusRules rules, std::array<uint8_t, 3> id, uint32_t size, std::vector<std::byte> sfdp)
    : mem(size, std::byte{0xFF}), rules_(rules), id_(id), sfdp_(std::move(sfdp)) {}

uint8_t ScriptedBus::address_bytes(uint8_t opcode) const {
  switch (opcode) {
    case 0x5A: return 3;
    case 0x0C: case 0x12: case 0x21: case 0x5C: case 0xDC: return 4;
    case 0x0B: case 0x02: case 0x20: case 0x52: case 0xD8: return four_byte_mode ? 4 : 3;
    default: return 0;
  }
}

std::vector<uint8_t> ScriptedBus::opcodes() const {
  std::vector<uint8_t> v;
  for (const RecordedFrame& f : frames) v.push_back(f.opcode);
  return v;
}

size_t ScriptedBus::count(uint8_t opcode) const {
  return static_cast<size_t>(std::count_if(frames.begin(), frames.end(), [&](const RecordedFrame& f) { return f.opcode == opcode; }));
}

void ScriptedBus::check_rules(const spinor::SpiFrame& f, uint8_t opcode, uint32_t addr) {
  const auto bad = [&](const char* why) { violations.push_back(std::string(why) + " (opcode " + std::to_string(opcode) + ")"); };
  if (f.cmd.size() > rules_.max_segment || f.tx.size() > rules_.max_segment || f.rx.size() > rules_.max_segment) bad("segment too long");
  const auto misaligned = [&](const void* p) { return p != nullptr && reinterpret_cast<uintptr_t>(p) % rules_.buffer_align != 0; };
  if (misaligned(f.cmd.data()) || misaligned(f.tx.data()) || misaligned(f.rx.data())) bad("buffer not aligned");
  if (is_data_phase(opcode)) {
    const size_t len = f.tx.size() + f.rx.size();
    if (addr % rules_.data_align != 0 || len % rules_.data_align != 0) bad("data address/length not aligned");
  } else if (rules_.max_short_frame != 0 && f.cmd.size() - 1 + f.tx.size() + f.rx.size() > rules_.max_short_frame) {
    bad("short frame too long");
  }
}

core::Status ScriptedBus::transfer(const spinor::SpiFrame& f) {
  const uint8_t opcode = std::to_integer<uint8_t>(f.cmd[0]);
  const uint8_t ab = address_bytes(opcode);
  uint32_t addr = 0;
  for (uint8_t i = 0; i < ab && 1u + i < f.cmd.size(); ++i) addr = (addr << 8) | std::to_integer<uint8_t>(f.cmd[1 + i]);
  frames.push_back({opcode, addr, f.cmd.size(), f.tx.size(), f.rx.size(), f.tx.data(), f.rx.data()});
  check_rules(f, opcode, addr);
  execute(opcode, addr, f);
  return core::ok();
}

void ScriptedBus::began_cycle() {
  wip_left_ = busy_polls;
  status &= static_cast<uint8_t>(~0x02);  // WEL clears when the cycle ends; nothing else reads it meanwhile
}

void ScriptedBus::execute(uint8_t opcode, uint32_t addr, const spinor::SpiFrame& f) {
  const bool was_armed = reset_armed_;
  reset_armed_ = false;
  switch (opcode) {
    case 0x05: {
      const bool wip = wip_stuck || wip_left_ > 0;
      if (wip_left_ > 0) --wip_left_;
      std::fill(f.rx.begin(), f.rx.end(), std::byte(static_cast<uint8_t>(status | (wip ? 0x01 : 0))));
      return;
    }
    case 0x06: if (!wel_never_sets) status |= 0x02; return;
    case 0x9F: for (size_t i = 0; i < f.rx.size() && i < 3; ++i) f.rx[i] = std::byte{id_[i]}; return;
    case 0x5A:
      for (size_t i = 0; i < f.rx.size(); ++i) f.rx[i] = addr + i < sfdp_.size() ? sfdp_[addr + i] : std::byte{0xFF};
      return;
    case 0x0B: case 0x0C:
      for (size_t i = 0; i < f.rx.size(); ++i) f.rx[i] = mem[(addr + i) % mem.size()];
      return;
    case 0x66: reset_armed_ = true; return;
    case 0x99: if (was_armed) { four_byte_mode = false; status &= 0x3C; } return;
    case 0xB7: four_byte_mode = true; return;
    case 0x01:
      if ((status & 0x02) && !f.tx.empty()) { status = std::to_integer<uint8_t>(f.tx[0]) & 0xFC; began_cycle(); }
      return;
    default: break;
  }
  if ((status & 0x02) == 0) return;  // program/erase without WEL: ignored, as a real part does
  switch (opcode) {
    case 0x02: case 0x12: program(addr, f.tx); break;
    case 0x20: case 0x21: erase(addr, 4096); break;
    case 0x52: case 0x5C: erase(addr, 32768); break;
    case 0xD8: case 0xDC: erase(addr, 65536); break;
    case 0xC7: case 0x60: erase(0, static_cast<uint32_t>(mem.size())); break;
    default: return;
  }
  began_cycle();
}

void ScriptedBus::program(uint32_t addr, std::span<const std::byte> data) {
  const uint32_t page = addr / kPage * kPage;
  for (size_t i = 0; i < data.size(); ++i) {
    const uint32_t at = page + (addr % kPage + static_cast<uint32_t>(i)) % kPage;  // wraps inside the page
    mem[at % mem.size()] &= data[i];
  }
}

void ScriptedBus::erase(uint32_t addr, uint32_t size) {
  const uint32_t start = addr / size * size;
  std::fill(mem.begin() + start, mem.begin() + std::min<size_t>(start + size, mem.size()), std::byte{0xFF});
}

}  // namespace norboot::testing
