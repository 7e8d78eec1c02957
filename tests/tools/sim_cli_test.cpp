// `norboot sim`, `flash`, `bench swap` and `demo` as a user runs them: a persisted board that
// images are loaded into and booted, the chips through the drivers, power-cut campaigns on the
// whole board, and the swap benchmark's figures (virtual time: deterministic, not a timed test).
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace norboot::tools::sim_cli_test {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit = -1;
  std::string out, err;
  nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
};

CliRun norboot(const std::string& args) {
  const fs::path err_file = fs::temp_directory_path() / ("norboot-sim-cli-" + std::to_string(getpid()) + ".err");
  CliRun r;
  FILE* p = popen((std::string(NORBOOT_BIN) + " " + args + " 2>" + err_file.string()).c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  fs::remove(err_file);
  return r;
}

std::string vec(const std::string& rel) { return std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel; }

std::string file_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class SimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("norboot-sim-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string state() const { return " --state " + dir_.string(); }
  void new_board_with_v0() {
    ASSERT_EQ(norboot("sim new --board nrf52833-mx25r3235f --key " + vec("keys/ecdsa-p256.pub.pem") + state()).exit, 0);
    ASSERT_EQ(norboot("sim load --slot primary " + vec("images/ecdsa_p256_v0.0.0.bin") + state()).exit, 0);
  }
  fs::path dir_;
};

TEST_F(SimCli, TestUpgrade_SwapsThenRevertsWhenNotConfirmed) {
  new_board_with_v0();
  auto r = norboot("sim load --slot secondary --test " + vec("images/ecdsa_p256_300000.bin") + state());
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("external @0x002000"), std::string::npos) << "swap-pipeline puts the image two sectors in: " << r.out;
  r = norboot("sim boot --json" + state());
  ASSERT_EQ(r.exit, 0) << r.err;
  auto j = r.json();
  EXPECT_EQ(j["swap"], "test");
  EXPECT_EQ(j["running"]["version"], "1.2.3+4");
  EXPECT_GT(j["swap_s"].get<double>(), 9.0) << "74 internal sectors cannot be rewritten faster than the bound";
  r = norboot("sim boot --json" + state());
  j = r.json();
  EXPECT_EQ(j["swap"], "revert");
  EXPECT_EQ(j["running"]["version"], "0.0.0+0");
}

TEST_F(SimCli, TamperedSecondary_RefusedWithTheFieldAndPrimaryKept) {
  new_board_with_v0();
  ASSERT_EQ(norboot("sim load --slot secondary --test " + vec("tampered/ecdsa_p256_1k_payload_flip.bin") + state()).exit, 0);
  auto r = norboot("sim boot" + state());
  EXPECT_EQ(r.exit, 0) << "the old image still boots";
  EXPECT_NE(r.out.find("running: version 0.0.0+0"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("secondary"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hash"), std::string::npos) << "the log names what failed: " << r.err;
}

TEST_F(SimCli, TooLargeImage_RefusedAndChipsUnchanged) {
  new_board_with_v0();
  const std::string before = file_bytes(dir_ / "external.bin");
  const fs::path big = dir_ / "big.bin";
  std::ofstream(big, std::ios::binary) << std::string(0x80000, '\x3d');
  auto r = norboot("sim load --slot secondary --test " + big.string() + state());
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("too large by"), std::string::npos) << r.err;
  EXPECT_EQ(file_bytes(dir_ / "external.bin"), before);
}

TEST_F(SimCli, MissingOrBrokenState_OneLineError) {
  auto r = norboot("sim boot" + state());
  EXPECT_NE(r.exit, 0);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  new_board_with_v0();
  fs::resize_file(dir_ / "external.bin", 1000);
  r = norboot("sim boot --json" + state());
  EXPECT_NE(r.exit, 0);
  EXPECT_TRUE(r.json().contains("error")) << r.out;
  r = norboot("sim new --board no-such-board" + state());
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("nrf52833-mx25r3235f"), std::string::npos) << "lists the presets: " << r.err;
}

TEST_F(SimCli, BoardJsonWithWrongTypes_InvalidStateNamingTheFile) {
  new_board_with_v0();
  for (const char* text : {R"({"board": 5})", "25E857", R"({"board": "nrf52833-mx25r3235f", "max_align": "q"})"}) {
    std::ofstream(dir_ / "board.json") << text;
    auto r = norboot("sim boot" + state());
    EXPECT_EQ(r.exit, 1) << text << ": " << r.err;  // invalid content, not an I/O failure
    EXPECT_NE(r.err.find("board.json"), std::string::npos) << text << ": " << r.err;
  }
}

TEST_F(SimCli, FlashProbe_EveryPresetIdentifiedFromSfdp) {
  const std::vector<std::pair<std::string, std::string>> boards = {
      {"nrf52833-mx25r3235f", "c2 28 16"}, {"nrf52840dk-mx25r6435f", "c2 28 17"}, {"stm32f4-w25q128jv", "ef 40 18"}};
  for (const auto& [board, id] : boards) {
    fs::remove_all(dir_);
    auto made = norboot("sim new --board " + board + state());
    if (made.exit != 0 && made.err.find("QSPI") != std::string::npos) continue;  // controller not modelled here
    ASSERT_EQ(made.exit, 0) << made.err;
    auto r = norboot("flash probe --json" + state());
    ASSERT_EQ(r.exit, 0) << r.err;
    auto j = r.json();
    EXPECT_EQ(j["external"]["jedec_id"], id) << board;
    EXPECT_EQ(j["external"]["source"], "sfdp") << board;
    EXPECT_EQ(j["external"]["page_size_bytes"], 256) << board;
  }
}

TEST_F(SimCli, FlashWriteReadErase_SubWordWritesLandAndBadRequestsChangeNothing) {
  ASSERT_EQ(norboot("sim new --board nrf52833-mx25r3235f" + state()).exit, 0);
  const fs::path three = dir_ / "three.bin";
  std::ofstream(three, std::ios::binary) << std::string("\x11\x22\x33", 3);
  auto r = norboot("flash write --device external --offset 0x1001 --in " + three.string() + state());
  ASSERT_EQ(r.exit, 0) << r.err;
  r = norboot("flash read --device external --offset 0x1000 --length 5 --json" + state());
  EXPECT_EQ(r.json()["data"], "ff112233ff");
  const std::string before = file_bytes(dir_ / "internal.bin");
  r = norboot("flash write --device internal --offset 0x2002 --in " + three.string() + state());
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("internal"), std::string::npos) << r.err;
  r = norboot("flash erase --device internal --offset 0x100 --length 0x1000" + state());
  EXPECT_EQ(r.exit, 1) << r.err;
  r = norboot("flash erase --device external --offset 0x3ff000 --length 0x2000" + state());
  EXPECT_EQ(r.exit, 1) << "past the chip's end: " << r.err;
  EXPECT_EQ(file_bytes(dir_ / "internal.bin"), before);
}

TEST(SimTortureCli, EveryStrategy_Depth1TornOnTheWholeBoard_NoFailures) {
  for (const char* s : {"overwrite", "swap-scratch", "swap-move", "swap-offset", "swap-pipeline"}) {
    auto r = norboot(std::string("sim torture --strategy ") + s + " --scenario upgrade --torn --image-size 6000 --json");
    ASSERT_EQ(r.exit, 0) << s << ": " << r.out << r.err;
    auto j = r.json();
    EXPECT_EQ(j["failures"], 0) << s;
    EXPECT_EQ(j["cut_points"].get<uint64_t>(), 2 * j["scenario_ops"].get<uint64_t>()) << s;
  }
}

TEST(SimTortureCli, RevertAndPermanent_RandomDepth2) {
  for (const char* sc : {"revert", "permanent"}) {
    auto r = norboot(std::string("sim torture --scenario ") + sc + " --torn --depth 2 --cuts random:40 --seed 9 --image-size 6000 --json");
    ASSERT_EQ(r.exit, 0) << sc << ": " << r.out << r.err;
    EXPECT_EQ(r.json()["failures"], 0) << sc;
  }
}

TEST(SimTortureCli, BadFlags_Refused) {
  EXPECT_EQ(norboot("sim torture --scenario sideways").exit, 1);
  EXPECT_EQ(norboot("sim torture --cuts random:0").exit, 1);
  EXPECT_EQ(norboot("sim torture --replay 3,x").exit, 1);
}

TEST(BenchSwapCli, Pipeline_WithinTenPercentOfTheBoundAndHalfOfSwapMove) {
  auto r = norboot("bench swap --strategy swap-pipeline --image-size 300000 --json");
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto j = r.json()["results"][0];
  EXPECT_LE(j["ratio_to_bound"].get<double>(), 1.10);
  EXPECT_LE(j["mcuboot"]["ratio"].get<double>(), 0.5);
  EXPECT_EQ(j["internal"]["max_erases_per_sector"], 1);
  EXPECT_EQ(j["external"]["max_erases_per_sector"], 1);
  EXPECT_GT(j["revert_s"].get<double>(), 0.0);
}

TEST(DemoCli, TellsTheWholeStoryAndWritesTheReport) {
  const fs::path dir = fs::temp_directory_path() / ("norboot-demo-" + std::to_string(getpid()));
  auto r = norboot("demo --workdir " + dir.string());
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("naive driver:   write reported success; the chip holds: 00 00"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "report.json"));
  EXPECT_TRUE(fs::exists(dir / "swap-timeline.svg"));
  // The closing report: each measured phase with board time, host time and its erases; the
  // uninterrupted upgrade erased every sector it touched once on each device.
  std::ifstream in(dir / "report.json");
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(doc.contains("phases")) << doc.dump();
  ASSERT_EQ(doc["phases"].size(), 4u) << doc["phases"].dump();
  const auto& swap = doc["phases"][1];
  EXPECT_GT(swap["board_s"].get<double>(), 9.0) << swap.dump();  // the bound is 9.5 s on this board
  EXPECT_EQ(swap["internal"]["erases"], 75) << swap.dump();       // 74 image sectors + the trailer's
  EXPECT_EQ(swap["internal"]["max_erases_per_sector"], 1) << swap.dump();
  EXPECT_EQ(swap["external"]["max_erases_per_sector"], 1) << swap.dump();
  EXPECT_EQ(doc["phases"][0]["bytes"], 300552) << doc["phases"][0].dump();
  EXPECT_TRUE(fs::exists(dir / "board" / "board.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace norboot::tools::sim_cli_test
