// tools/imgtool helpers the CLI tests reach only through whole commands: the truncated-file
// message (sizes from the header and the TLV info header) on the imgtool vectors cut at each
// boundary, and dumpinfo carrying on past a wrong header magic as imgtool does.
#include <cstring>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tools/imgtool/dumpinfo.hpp"
#include "tools/imgtool/file_length.hpp"

namespace norboot::tools::imgtool::imgtool_lib_test {
namespace {

std::vector<std::byte> read_vector(const std::string& rel) {
  std::ifstream f(std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  const std::string t = s.str();
  std::vector<std::byte> out(t.size());
  std::memcpy(out.data(), t.data(), t.size());
  return out;
}

TEST(ImgtoolLib, TruncationMessage_WholeImage_None) {
  EXPECT_FALSE(truncation_message(read_vector("images/ecdsa_p256_1k.bin")));
  EXPECT_FALSE(truncation_message(read_vector("images/ecdsa_p256_1k_pad_overwrite_only.bin")));  // padding is fine
}

TEST(ImgtoolLib, TruncationMessage_EveryCutPoint_SaysFileEndAndNeed) {
  const auto img = read_vector("images/ecdsa_p256_seccnt7.bin");  // has a protected TLV area too
  for (size_t len = 32; len < img.size(); ++len) {
    const auto msg = truncation_message(std::span(img).first(len));
    ASSERT_TRUE(msg) << "cut at " << len;
    EXPECT_EQ(msg->rfind("file ends at " + std::to_string(len) + " ", 0), 0u) << *msg;
    EXPECT_NE(msg->find("needs"), std::string::npos) << *msg;
  }
}

TEST(ImgtoolLib, TruncationMessage_NoHeader_LeftToTheValidator) {
  const auto img = read_vector("images/ecdsa_p256_1k.bin");
  EXPECT_FALSE(truncation_message(std::span(img).first(31)));
  EXPECT_FALSE(truncation_message(read_vector("tampered/ecdsa_p256_1k_header_magic_flip.bin")));
}

TEST(ImgtoolLib, Dumpinfo_BadMagic_DumpsEverythingAndReportsTheMagic) {
  const Dump d = dump_image(read_vector("tampered/ecdsa_p256_1k_header_magic_flip.bin"), "x.bin");
  ASSERT_TRUE(d.problem);
  EXPECT_EQ(d.problem->code, core::Errc::kBadMagic);
  EXPECT_EQ(d.json["header"]["magic"], "0x96f3b83c");
  EXPECT_EQ(d.json["tlvs"]["entries"].size(), 3u);
  EXPECT_NE(d.text.find("End of Image"), std::string::npos);
}

}  // namespace
}  // namespace norboot::tools::imgtool::imgtool_lib_test
