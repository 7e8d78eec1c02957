// `norboot mcumgr` as a user runs it, against an in-process device over UDP and over a pty:
// the mcumgr command words, exit codes (CLI.md), stdout/stderr split, --json.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../smp/test_image.hpp"
#include "mcumgr_device.hpp"

namespace norboot::tools::mcumgr_cli_test {
namespace {

namespace fs = std::filesystem;
using testing::InProcessDevice;
using json = nlohmann::json;

struct CliRun {
  int exit = -1;
  std::string out, err;
};

CliRun norboot(const std::string& args) {
  static std::atomic<int> n{0};
  const fs::path err_file =
      fs::temp_directory_path() / ("norboot-mcumgr-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".err");
  const std::string cmd = std::string(NORBOOT_BIN) + " " + args + " 2>" + err_file.string();
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  for (size_t k; (k = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), k);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  fs::remove(err_file);
  return r;
}

std::string mcumgr(InProcessDevice& dev, const std::string& words) {
  return "mcumgr --conntype " + dev.conntype() + " --connstring " + dev.connstring() + " -t 2 " + words;
}

std::string write_image(const std::vector<std::byte>& img, const std::string& name) {
  fs::path p = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()) + ".bin");
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(img.data()), static_cast<std::streamsize>(img.size()));
  return p.string();
}

std::string hex(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<int>(x));
  return s;
}

TEST(McumgrCli, Echo_PrintsTheAnswer) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto r = norboot(mcumgr(dev, "echo hello"));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "hello\n");
}

TEST(McumgrCli, ParamsAndOsInfo_TextAndJson) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto p = norboot(mcumgr(dev, "params"));
  EXPECT_EQ(p.out, "buf_size: 2048\nbuf_count: 2\n");
  auto j = norboot(mcumgr(dev, "--json params"));
  EXPECT_EQ(json::parse(j.out), (json{{"buf_size", 2048}, {"buf_count", 2}}));
  auto i = norboot(mcumgr(dev, "os info --format si"));
  EXPECT_EQ(i.out, "norboot in-process\n");
}

TEST(McumgrCli, UpdateCycle_UploadListTestResetConfirm) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto v1 = smp::testing::make_image({.total = 30000, .major = 1, .seed = 1});
  auto v2 = smp::testing::make_image({.total = 40000, .major = 2, .seed = 2});
  dev.with_backend([&](auto& b) { b.install_primary(v1); });
  auto file = write_image(v2, "v2");

  auto up = norboot(mcumgr(dev, "image upload " + file));
  EXPECT_EQ(up.exit, 0) << up.err;
  EXPECT_NE(up.out.find("Done: 40000 B"), std::string::npos) << up.out;
  EXPECT_NE(up.err.find("upload: 40000/40000 B 100%"), std::string::npos) << "plain progress lines when not a tty";

  auto list = norboot(mcumgr(dev, "image list"));
  const std::string h2 = hex(smp::testing::image_hash(v2));
  EXPECT_NE(list.out.find(" image=0 slot=1\n    version: 2.0.0\n    bootable: true\n    flags: \n    hash: " + h2),
            std::string::npos)
      << list.out;

  auto test = norboot(mcumgr(dev, "image test " + h2));
  EXPECT_EQ(test.exit, 0) << test.err;
  EXPECT_NE(test.out.find("flags: pending"), std::string::npos) << test.out;

  EXPECT_EQ(norboot(mcumgr(dev, "reset")).out, "Done\n");
  for (int i = 0; i < 100 && dev.resets == 0; ++i) usleep(10000);
  auto after = json::parse(norboot(mcumgr(dev, "--json image list")).out);
  EXPECT_EQ(after["images"][0]["version"], "2.0.0");
  EXPECT_EQ(after["images"][0]["active"], true);
  EXPECT_EQ(after["images"][0]["confirmed"], false);
  EXPECT_EQ(after["images"][0]["hash"], h2);

  auto confirm = json::parse(norboot(mcumgr(dev, "--json image confirm")).out);
  EXPECT_EQ(confirm["images"][0]["confirmed"], true);
  fs::remove(file);
}

TEST(McumgrCli, UploadTooLarge_ExitsOneNamingBothSizes) {
  InProcessDevice dev(InProcessDevice::Link::kUdp, {.board = {.sector = 4096, .primary_sectors = 0x35,
                                                              .secondary_sectors = 0x50}});
  auto file = write_image(smp::testing::make_image({.total = 300292}), "big");
  auto r = norboot(mcumgr(dev, "image upload " + file));
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("error: device refused image upload: INVALID_IMAGE_TOO_LARGE (image group rc 30): "
                       "image 300292 B > primary 0x35000 B (217088)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  auto j = norboot(mcumgr(dev, "--json image upload " + file));
  EXPECT_EQ(j.exit, 1);
  auto doc = json::parse(j.out);
  EXPECT_EQ(doc["error"]["group"], 1);
  EXPECT_EQ(doc["error"]["group_rc"], 30);
  EXPECT_EQ(doc["error"]["rsn"], "image 300292 B > primary 0x35000 B (217088)");
  fs::remove(file);
}

TEST(McumgrCli, UploadJson_ReportsSizesAndRate) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto file = write_image(smp::testing::make_image({.total = 25000}), "json");
  auto r = norboot(mcumgr(dev, "--json image upload " + file));
  ASSERT_EQ(r.exit, 0) << r.err;
  auto doc = json::parse(r.out);
  EXPECT_EQ(doc["size_bytes"], 25000);
  EXPECT_EQ(doc["match"], true);
  EXPECT_EQ(doc["message_bytes"], 1472);  // UDP default MTU below the device's 2048
  EXPECT_GT(doc["throughput_bytes_per_s"].get<double>(), 0);
  EXPECT_EQ(r.err, "") << "--json: nothing but the document";
  fs::remove(file);
}

TEST(McumgrCli, TestUnknownHash_ExitsOne) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto r = norboot(mcumgr(dev, "image test " + std::string(64, 'a')));
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("HASH_NOT_FOUND"), std::string::npos) << r.err;
}

TEST(McumgrCli, BadHashOrConnstring_UsageExitTwo) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  EXPECT_EQ(norboot(mcumgr(dev, "image test xyz")).exit, 2);
  auto r = norboot("mcumgr --conntype serial --connstring baud=9600 echo hi");
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.err.find("serial needs dev=PATH"), std::string::npos) << r.err;
  EXPECT_EQ(norboot("mcumgr --conntype ble --connstring x echo hi").exit, 2);
}

TEST(McumgrCli, NoDevice_ExitsThreeWithHint) {
  mcumgr::UdpServerSocket silent("127.0.0.1", 0);
  auto r = norboot("mcumgr --conntype udp --connstring 127.0.0.1:" + std::to_string(silent.port()) +
                   " -t 0.2 -r 2 echo hi");
  EXPECT_EQ(r.exit, 3);
  EXPECT_NE(r.err.find("no answer from udp 127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: "), std::string::npos);
}

TEST(McumgrCli, SerialPty_EchoUploadList) {
  InProcessDevice dev(InProcessDevice::Link::kPty);
  EXPECT_EQ(norboot(mcumgr(dev, "echo pty")).out, "pty\n");
  auto img = smp::testing::make_image({.total = 20000, .major = 4});
  auto file = write_image(img, "pty");
  auto up = norboot(mcumgr(dev, "--quiet image upload " + file));
  EXPECT_EQ(up.exit, 0) << up.err;
  EXPECT_EQ(up.err, "");
  auto list = json::parse(norboot(mcumgr(dev, "--json image list")).out);
  EXPECT_EQ(list["images"][0]["version"], "4.0.0");
  fs::remove(file);
}

TEST(McumgrCli, EraseThenList_SecondaryGone) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto file = write_image(smp::testing::make_image({.total = 9000}), "erase");
  ASSERT_EQ(norboot(mcumgr(dev, "--quiet image upload " + file)).exit, 0);
  EXPECT_EQ(norboot(mcumgr(dev, "image erase")).out, "Done\n");
  EXPECT_EQ(json::parse(norboot(mcumgr(dev, "--json image list")).out)["images"].size(), 0u);
  fs::remove(file);
}

}  // namespace
}  // namespace norboot::tools::mcumgr_cli_test
