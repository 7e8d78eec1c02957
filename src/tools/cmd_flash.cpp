// norboot flash probe | read | write | erase --state DIR: the board's chips through the same
// drivers the bootloader uses; every change lands in the state directory's chip images and wear.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "tools/command.hpp"
#include "tools/layout/number.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"

namespace norboot::tools::cmd_flash {
namespace {

std::string id_hex(const std::array<uint8_t, 3>& id) { return fmt::format("{:02x} {:02x} {:02x}", id[0], id[1], id[2]); }

std::string duration(uint64_t ns) {
  if (ns >= 1'000'000'000) return fmt::format("{:.2f} s", ns / 1e9);
  if (ns >= 1'000'000) return fmt::format("{:.1f} ms", ns / 1e6);
  return fmt::format("{:.0f} us", ns / 1e3);
}

nlohmann::json probe_json(const spinor::ChipInfo& c, const flash::Geometry& internal) {
  nlohmann::json erases = nlohmann::json::array();
  for (uint8_t i = 0; i < c.erase_count; ++i) {
    erases.push_back({{"size_bytes", c.erase[i].size}, {"opcode", fmt::format("0x{:02x}", c.erase[i].opcode)},
                      {"typ_us", c.erase[i].typ_ns / 1000}, {"max_us", c.erase[i].max_ns / 1000}});
  }
  return {{"external", {{"jedec_id", id_hex(c.jedec_id)}, {"part", c.part_name},
                        {"source", c.source == spinor::ParamSource::kSfdp ? "sfdp" : "known-id table"},
                        {"size_bytes", c.size}, {"page_size_bytes", c.page_size}, {"erase_types", erases},
                        {"page_program_typ_us", c.page_program_typ_ns / 1000}, {"page_program_max_us", c.page_program_max_ns / 1000},
                        {"chip_erase_typ_us", c.chip_erase_typ_ns / 1000}, {"chip_erase_max_us", c.chip_erase_max_ns / 1000},
                        {"deep_power_down", c.has_deep_power_down}}},
          {"internal", {{"size_bytes", internal.size}, {"write_block_bytes", internal.write_block},
                        {"sectors", internal.sector_count()}}}};
}

void print_probe(const spinor::ChipInfo& c, const flash::Geometry& internal) {
  std::printf("external: JEDEC ID %s (%s), parameters from %s\n", id_hex(c.jedec_id).c_str(),
              *c.part_name ? c.part_name : "unnamed", c.source == spinor::ParamSource::kSfdp ? "SFDP" : "the known-ID table");
  std::printf("  size %u bytes (%u KiB), page %u bytes\n", c.size, c.size / 1024, c.page_size);
  for (uint8_t i = 0; i < c.erase_count; ++i) {
    std::printf("  erase %6u bytes: opcode 0x%02x, typ %s, max %s\n", c.erase[i].size, c.erase[i].opcode,
                duration(c.erase[i].typ_ns).c_str(), duration(c.erase[i].max_ns).c_str());
  }
  std::printf("  page program: typ %s, max %s; chip erase: typ %s, max %s\n", duration(c.page_program_typ_ns).c_str(),
              duration(c.page_program_max_ns).c_str(), duration(c.chip_erase_typ_ns).c_str(),
              duration(c.chip_erase_max_ns).c_str());
  std::printf("internal: %u bytes, %u sectors, %u-byte write block\n", internal.size, internal.sector_count(),
              internal.write_block);
}

struct ProbeArgs {
  std::string state;
  bool json = false;
};

int run_probe(const ProbeArgs& a) {
  auto st = sim::load_state(a.state);
  if (!st) return report_state_error(st.error(), a.json);
  if (auto on = st->board->power_on(); !on) return report_error(on.error(), a.json);
  const auto& c = st->board->external().chip();
  const auto& g = st->board->internal().geometry();
  if (a.json) {
    print_json(probe_json(c, g));
  } else {
    print_probe(c, g);
  }
  return kExitOk;
}

struct IoArgs {
  std::string op, state, device, offset, length, in, out;
  bool json = false;
};

std::optional<std::vector<std::byte>> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  if (!raw.empty()) std::memcpy(out.data(), raw.data(), raw.size());
  return out;
}

/// Runs read/write/erase on the chosen device; the data read goes to `out` when given.
core::Status do_io(const IoArgs& a, flash::Flash& dev, uint32_t off, uint32_t len, std::vector<std::byte>& data) {
  if (a.op == "read") {
    data.resize(len);
    return dev.read(off, data);
  }
  if (a.op == "write") return dev.write(off, data);
  return dev.erase(off, len);
}

int run_io(const IoArgs& a) {
  if (a.device != "internal" && a.device != "external") {
    return report_message("--device must be internal or external, not \"" + a.device + "\"", a.json, kExitUsage);
  }
  auto off = layout::parse_number(a.offset);
  if (!off || *off > 0xFFFFFFFFu) return report_message("--offset \"" + a.offset + "\" is not a 32-bit number", a.json, kExitRefused);
  std::vector<std::byte> data;
  uint64_t len = 0;
  if (a.op == "write") {
    auto in = read_file(a.in);
    if (!in) return report_message(a.in + ": cannot open", a.json, kExitIo);
    data = std::move(*in);
    len = data.size();
  } else {
    auto l = layout::parse_number(a.length);
    if (!l || *l == 0 || *l > 0xFFFFFFFFu) return report_message("--length \"" + a.length + "\" is not a positive 32-bit number", a.json, kExitRefused);
    len = *l;
  }
  auto st = sim::load_state(a.state);
  if (!st) return report_state_error(st.error(), a.json);
  if (auto on = st->board->power_on(); !on) return report_error(on.error(), a.json);
  flash::Flash& dev = st->board->device(a.device == "internal" ? sim::DeviceId::kInternal : sim::DeviceId::kExternal);
  if (auto s = do_io(a, dev, static_cast<uint32_t>(*off), static_cast<uint32_t>(len), data); !s) return report_error(s.error(), a.json);
  if (a.op != "read") {
    if (auto saved = sim::save_state(a.state, *st); !saved) return report_state_error(saved.error(), a.json);
  }
  if (a.op == "read" && !a.out.empty()) {
    std::ofstream f(a.out, std::ios::binary);
    if (!f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()))) {
      return report_message(a.out + ": cannot write", a.json, kExitIo);
    }
  } else if (a.op == "read" && !a.json) {
    for (size_t i = 0; i < data.size(); i += 16) {
      std::printf("%08zx ", static_cast<size_t>(*off) + i);
      for (size_t j = i; j < std::min(data.size(), i + 16); ++j) std::printf(" %02x", std::to_integer<unsigned>(data[j]));
      std::printf("\n");
    }
  }
  if (a.json) {
    nlohmann::json doc{{"op", a.op}, {"device", a.device}, {"offset", hex32(static_cast<uint32_t>(*off))}, {"length_bytes", len}};
    if (a.op == "read" && a.out.empty()) {
      std::string hex;
      for (std::byte b : data) hex += fmt::format("{:02x}", std::to_integer<unsigned>(b));
      doc["data"] = hex;
    }
    print_json(doc);
  } else if (a.op != "read" || !a.out.empty()) {
    std::printf("%s: %llu bytes at %s @0x%08x\n", a.op.c_str(), static_cast<unsigned long long>(len), a.device.c_str(),
                static_cast<uint32_t>(*off));
  }
  return kExitOk;
}

void add_io(CLI::App& flash, const std::string& op, const char* help) {
  auto a = std::make_shared<IoArgs>();
  a->op = op;
  CLI::App* c = flash.add_subcommand(op, help);
  c->add_option("--state", a->state, "State directory")->required();
  c->add_option("--device", a->device, "internal or external")->required();
  c->add_option("--offset", a->offset, "Device offset (decimal or 0x…)")->required();
  if (op == "write") {
    c->add_option("--in", a->in, "File with the bytes to write")->required();
  } else {
    c->add_option("--length", a->length, "Bytes")->required();
  }
  if (op == "read") c->add_option("--out", a->out, "File to write the bytes to (default: hex dump)");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_io(*a); }));
}

static CommandRegistration reg{"flash", [](CLI::App& app) {
  CLI::App* flash = app.add_subcommand("flash", "The board's flash chips through norboot's drivers");
  flash->require_subcommand(1);
  auto p = std::make_shared<ProbeArgs>();
  CLI::App* probe = flash->add_subcommand("probe", "Identify the external chip (JEDEC ID, SFDP geometry, timings)");
  probe->add_option("--state", p->state, "State directory")->required();
  probe->add_flag("--json", p->json, "JSON output");
  probe->callback(run([p] { return run_probe(*p); }));
  add_io(*flash, "read", "Read bytes from a device");
  add_io(*flash, "write", "Write a file's bytes to a device (must be erased there: flash only clears bits)");
  add_io(*flash, "erase", "Erase a sector-aligned range of a device");
}};

}  // namespace
}  // namespace norboot::tools::cmd_flash
