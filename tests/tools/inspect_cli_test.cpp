// `norboot inspect` as a user runs it on dump files and state directories: exit codes (CLI.md),
// the report on stdout, --json, --svg, Intel HEX, and what it says about bad input.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "boot/progress_log.hpp"
#include "boot/slot_plan.hpp"
#include "boot/trailer.hpp"
#include "flash/ram_flash.hpp"
#include "sim/board_spec.hpp"
#include "tools/inspect/slot_report.hpp"

namespace norboot::tools::inspect_cli_test {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit = -1;
  std::string out, err;
};

CliRun norboot(const std::string& args) {
  const fs::path err_file = fs::temp_directory_path() / ("norboot-inspect-cli-" + std::to_string(getpid()) + ".err");
  CliRun r;
  FILE* p = popen((std::string(NORBOOT_BIN) + " " + args + " 2>" + err_file.string()).c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream ss;
  ss << std::ifstream(err_file).rdbuf();
  r.err = ss.str();
  fs::remove(err_file);
  return r;
}

/// The motivating board's two chips in RAM, written to files on demand.
class BoardFiles {
 public:
  BoardFiles()
      : dir_(fs::temp_directory_path() / ("norboot-inspect-cli-" + std::to_string(getpid()))),
        int_mem_(sim::mcu_geometry(board().mcu).size, std::byte{0xFF}),
        ext_mem_(sim::nor_geometry(board().chip).size, std::byte{0xFF}),
        internal_("internal", sim::mcu_geometry(board().mcu), int_mem_),
        external_("external", sim::nor_geometry(board().chip), ext_mem_) {
    fs::create_directories(dir_);
  }
  ~BoardFiles() { fs::remove_all(dir_); }

  static const sim::BoardSpec& board() { return sim::kBoards[0]; }
  flash::Area primary() { return {&internal_, 0xC000, 0x74000, "primary"}; }
  flash::Area secondary() { return {&external_, 0, 0x76000, "secondary"}; }

  /// What a power cut leaves in the middle of a test upgrade: the primary trailer says
  /// "upgrade started" and the progress log holds `stages` records.
  void interrupted_upgrade(uint32_t stages) {
    const boot::SlotPlan plan = *boot::plan_slots(boot::Strategy::kSwapPipeline, primary(), secondary(), nullptr, 8);
    const boot::Trailer t(primary(), 8);
    ASSERT_TRUE(t.write_swap_size(0x4A000));
    ASSERT_TRUE(t.write_swap_info(boot::SwapType::kTest, 0));
    ASSERT_TRUE(t.write_magic());
    boot::ProgressLog log(primary(), inspect::log_offset(plan, 8, primary().size), plan.status_records, plan.record_size);
    ASSERT_TRUE(log.scan());
    for (uint32_t i = 0; i < stages; ++i) ASSERT_TRUE(log.append(i));
  }
  std::string write(const std::string& name, const std::vector<std::byte>& bytes) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
  std::string internal_file() { return write("internal.bin", int_mem_); }
  std::string external_file() { return write("external.bin", ext_mem_); }
  std::string dump_args() { return "--internal " + internal_file() + " --external " + external_file() + " --board " + std::string(board().name); }
  /// The internal dump as Intel HEX (16-byte data records for every non-erased line).
  std::string internal_hex() {
    std::string s;
    for (uint32_t at = 0; at < int_mem_.size(); at += 16) {
      if (at % 0x10000 == 0) s += fmt::format(":02000004{:04X}{:02X}\n", at >> 16, static_cast<uint8_t>(-(6 + (at >> 16) + (at >> 24))));
      bool erased = true;
      for (uint32_t i = 0; i < 16; ++i) erased &= int_mem_[at + i] == std::byte{0xFF};
      if (erased) continue;
      uint8_t sum = static_cast<uint8_t>(16 + ((at >> 8) & 0xFF) + (at & 0xFF));
      std::string line = fmt::format(":10{:04X}00", at & 0xFFFF);
      for (uint32_t i = 0; i < 16; ++i) {
        const auto b = std::to_integer<uint8_t>(int_mem_[at + i]);
        line += fmt::format("{:02X}", b);
        sum = static_cast<uint8_t>(sum + b);
      }
      s += line + fmt::format("{:02X}\n", static_cast<uint8_t>(-sum));
    }
    const fs::path p = dir_ / "internal.hex";
    std::ofstream(p) << s << ":00000001FF\n";
    return p.string();
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::vector<std::byte> int_mem_, ext_mem_;
  flash::RamFlash internal_, external_;
};

TEST(InspectCli, ErasedBoard_NothingToDo) {
  BoardFiles b;
  const CliRun r = norboot("inspect " + b.dump_args());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("next boot will boot the primary (no swap)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x00c000 primary"), std::string::npos);
}

TEST(InspectCli, InterruptedUpgrade_SaysWhichStageComesNext) {
  BoardFiles b;
  b.interrupted_upgrade(5);
  const CliRun r = norboot("inspect " + b.dump_args());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("next boot will finish the interrupted test upgrade: 5 of 75 stages are recorded, stage 5 runs next"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("because an upgrade was interrupted"), std::string::npos);
  const CliRun j = norboot("inspect --json " + b.dump_args());
  EXPECT_EQ(j.exit, 0);
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["next_boot"]["work"], "resume_upgrade");
  EXPECT_EQ(doc["next_boot"]["stages_done"], 5);
  EXPECT_EQ(doc["next_boot"]["stage_count"], 75);
  EXPECT_EQ(doc["areas"][1]["progress_log"]["stages_done"], 5);
}

TEST(InspectCli, Svg_WrittenBesideTheReport) {
  BoardFiles b;
  b.interrupted_upgrade(2);
  const std::string svg = (b.dir() / "map.svg").string();
  const CliRun r = norboot("inspect " + b.dump_args() + " --svg " + svg);
  EXPECT_EQ(r.exit, 0) << r.err;
  std::stringstream ss;
  ss << std::ifstream(svg).rdbuf();
  EXPECT_EQ(ss.str().rfind("<svg", 0), 0u);
  EXPECT_NE(ss.str().find("primary"), std::string::npos);
}

TEST(InspectCli, StateDirectory_BoardJsonAndChipImages) {
  BoardFiles b;
  b.interrupted_upgrade(3);
  b.write("state/internal.bin", {});
  fs::copy_file(b.internal_file(), b.dir() / "state/internal.bin", fs::copy_options::overwrite_existing);
  fs::copy_file(b.external_file(), b.dir() / "state/external.bin", fs::copy_options::overwrite_existing);
  std::ofstream(b.dir() / "state/board.json") << R"({"board": "nrf52833-mx25r3235f", "wear": {"internal": []}})";
  const CliRun r = norboot("inspect --state " + (b.dir() / "state").string());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("3 of 75 stages are recorded"), std::string::npos) << r.out;
  std::ofstream(b.dir() / "state/board.json") << R"({"board": "nrf99"})";
  const CliRun bad = norboot("inspect --state " + (b.dir() / "state").string());
  EXPECT_EQ(bad.exit, 1);
  EXPECT_NE(bad.err.find("unknown board \"nrf99\""), std::string::npos) << bad.err;
}

TEST(InspectCli, IntelHexDump_Accepted) {
  BoardFiles b;
  b.interrupted_upgrade(4);
  const CliRun r = norboot("inspect --internal " + b.internal_hex() + " --external " + b.external_file() + " --board nrf52833-mx25r3235f");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("4 of 75 stages are recorded"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Intel HEX"), std::string::npos);
}

TEST(InspectCli, LayoutOverlay_ReplacesTheBoardsMap) {
  BoardFiles b;
  const std::string overlay = (fs::path(__FILE__).parent_path().parent_path() / "fixtures/layout/motivating.overlay").string();
  const CliRun r = norboot("inspect " + b.dump_args() + " --layout " + overlay + " --strategy swap-move");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("0x00c000 slot0_partition"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x041000 (no area)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning: layout:"), std::string::npos) << "the map's own warnings are shown";
}

TEST(InspectCli, BadInput_ExitCodesFollowCliMd) {
  BoardFiles b;
  EXPECT_EQ(norboot("inspect --internal x.bin").exit, 2);
  EXPECT_EQ(norboot("inspect --state /tmp --internal x.bin").exit, 2);
  const CliRun missing = norboot("inspect --internal /nonexistent/i.bin --external /nonexistent/e.bin --board nrf52833-mx25r3235f");
  EXPECT_EQ(missing.exit, 3);
  EXPECT_NE(missing.err.find("/nonexistent/i.bin"), std::string::npos);
  const std::string small = b.write("small.bin", std::vector<std::byte>(0x40000, std::byte{0xFF}));
  const CliRun wrong = norboot("inspect --internal " + small + " --external " + b.external_file() + " --board nrf52833-mx25r3235f");
  EXPECT_EQ(wrong.exit, 1);
  EXPECT_NE(wrong.err.find("the dump is 0x40000 bytes but the internal flash (nRF52833 internal flash, 0x80000 bytes) is 0x80000 bytes"),
            std::string::npos)
      << wrong.err;
  const CliRun swapped = norboot("inspect --internal " + b.external_file() + " --external " + b.internal_file() + " --board nrf52833-mx25r3235f");
  EXPECT_EQ(swapped.exit, 1);
  const CliRun board = norboot("inspect " + b.dump_args() + " --strategy fastest");
  EXPECT_EQ(board.exit, 1);
  const CliRun json = norboot("inspect --json --internal " + small + " --external " + b.external_file() + " --board nrf52833-mx25r3235f");
  EXPECT_EQ(json.exit, 1);
  EXPECT_TRUE(nlohmann::json::parse(json.out).contains("error"));
}

}  // namespace
}  // namespace norboot::tools::inspect_cli_test
