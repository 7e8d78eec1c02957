// `norboot layout check` as a user runs it: exit codes (CLI.md), stdout/stderr split, --json.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace norboot::tools::layout_cli_test {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return (fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "layout" / name).string();
}

struct CliRun {
  int exit = -1;
  std::string out, err;
};

CliRun norboot(const std::string& args) {
  const fs::path err_file = fs::temp_directory_path() / ("norboot-cli-" + std::to_string(getpid()) + ".err");
  const std::string cmd = std::string(NORBOOT_BIN) + " " + args + " 2>" + err_file.string();
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
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

TEST(LayoutCli, MotivatingLayout_ExitsOneWithTheNumbersOnStderr) {
  const CliRun r = norboot("layout check " + fixture("motivating.overlay") +
                        " --board nrf52833-mx25r3235f --strategy swap-move --image-size 300292");
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_NE(r.err.find("error: "), std::string::npos);
  EXPECT_NE(r.err.find("slot0_partition (0x35000) and slot1_partition (0x73000) differ; with swap-move the largest bootable "
                       "image is 208896 bytes; the image is 300292 bytes"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: "), std::string::npos);
  EXPECT_NE(r.out.find("* swap-move"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result: refused"), std::string::npos);
  EXPECT_EQ(r.out.find("error:"), std::string::npos) << "diagnostics belong on stderr";
}

TEST(LayoutCli, ImageFile_MeasuredBySizeAndNamed) {
  const fs::path img = fs::temp_directory_path() / "app_update.bin";
  std::ofstream(img, std::ios::binary) << std::string(300292, '\x5a');
  const CliRun r = norboot("layout check " + fixture("motivating.overlay") + " --board nrf52833-mx25r3235f --image " + img.string());
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("app_update.bin is 300292 bytes (file size)"), std::string::npos) << r.err;
  fs::remove(img);
}

TEST(LayoutCli, EveryPresetDefault_ExitsZero) {
  for (const char* b : {"nrf52833-mx25r3235f", "nrf52840dk-mx25r6435f", "stm32f4-w25q128jv"}) {
    const CliRun r = norboot(std::string("layout check ") + fixture(std::string(b) + ".overlay") + " --board " + b);
    EXPECT_EQ(r.exit, 0) << b << "\n" << r.err;
    EXPECT_EQ(r.err.find("error:"), std::string::npos) << r.err;
  }
}

TEST(LayoutCli, Json_OneDocumentWithFindingsAndErrorObject) {
  const CliRun r = norboot("layout check --json " + fixture("motivating.overlay") + " --board nrf52833-mx25r3235f --image-size 300292");
  EXPECT_EQ(r.exit, 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["ok"].get<bool>());
  EXPECT_EQ(j["strategies"].size(), 5u);
  EXPECT_EQ(j["error"]["code"], "image_too_large");
  EXPECT_EQ(j["areas"][1]["offset"], "0x0000c000");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(LayoutCli, BadInput_ExitCodesFollowCliMd) {
  EXPECT_EQ(norboot("layout check --no-such-flag x.yml").exit, 2);
  EXPECT_EQ(norboot("layout check").exit, 2);
  const CliRun missing = norboot("layout check /nonexistent/pm_static.yml --board nrf52833-mx25r3235f");
  EXPECT_EQ(missing.exit, 3);
  EXPECT_NE(missing.err.find("/nonexistent/pm_static.yml"), std::string::npos);
  const CliRun board = norboot("layout check " + fixture("motivating.overlay") + " --board nrf99999");
  EXPECT_EQ(board.exit, 1);
  EXPECT_NE(board.err.find("unknown board"), std::string::npos);
  const CliRun strategy = norboot("layout check " + fixture("motivating.overlay") + " --strategy fastest --board nrf52833-mx25r3235f");
  EXPECT_EQ(strategy.exit, 1);
  const CliRun size = norboot("layout check " + fixture("motivating.overlay") + " --image-size 12x --board nrf52833-mx25r3235f");
  EXPECT_EQ(size.exit, 1);
}

TEST(LayoutCli, MalformedDevicetree_ShowsDtcMessageAndLocation) {
  const fs::path f = fs::temp_directory_path() / "broken.overlay";
  std::ofstream(f) << "&flash0 {\n  partitions {\n    reg = <0x0 0x1000>\n  };\n};\n";
  const CliRun r = norboot("layout check " + f.string() + " --board nrf52833-mx25r3235f");
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find(f.string() + ":4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dtc:"), std::string::npos) << r.err;
  fs::remove(f);
}

}  // namespace
}  // namespace norboot::tools::layout_cli_test
