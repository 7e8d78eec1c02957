// The boot core with the real validator and imgtool's own images (shared/vectors/imgtool):
// a signed upgrade installs, tampered and untrusted images are refused with the validator's reason.
#include "boot/validator_check.hpp"

#include <fstream>
#include <iterator>
#include <regex>

#include <gtest/gtest.h>

#include "boot_rig.hpp"
#include "crypto_openssl/openssl_crypto.hpp"

namespace norboot::boot::testing::validator_check_test {
namespace {

std::string vector_path(const std::string& rel) { return std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel; }

std::vector<std::byte> read_file(const std::string& rel) {
  std::ifstream f(vector_path(rel), std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  std::transform(raw.begin(), raw.end(), out.begin(), [](char c) { return std::byte(c); });
  return out;
}

// The public key exactly as imgtool embeds it: the bytes of `getpub -e lang-c`.
std::vector<std::byte> key_bytes(const std::string& rel) {
  std::ifstream f(vector_path(rel));
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out;
  std::regex hex("0x([0-9a-fA-F]{2})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), hex); it != std::sregex_iterator(); ++it) {
    out.push_back(std::byte(std::stoi((*it)[1].str(), nullptr, 16)));
  }
  return out;
}

class RealImages : public ::testing::Test {
 protected:
  BootRig rig{Strategy::kSwapPipeline};
  crypto_openssl::OpenSslCrypto crypto;
  std::vector<std::byte> ec_key = key_bytes("keys/ecdsa-p256.pub.c");
  std::array<image::TrustedKey, 1> trusted{{{ec_key, "ecdsa-p256"}}};
  image::Keyring keys{trusted};
  std::array<std::byte, 512> work{};
  ValidatorCheck validator{crypto, keys, {}, work};
  void SetUp() override {
    ASSERT_EQ(ec_key.size(), 91u);
    rig.check = &validator;
    rig.put_primary(read_file("images/ecdsa_p256_v0.0.0.bin"));
  }
};

TEST_F(RealImages, SignedUpgrade_InstallsAndReportsVersionAndHash) {
  rig.put_secondary(read_file("images/ecdsa_p256_1k.bin"));
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  ASSERT_TRUE(r.bootable) << rig.log.dump();
  EXPECT_EQ(r.swap, SwapType::kTest);
  EXPECT_EQ(r.image.version.major, 1);
  EXPECT_EQ(r.image.version.revision, 3);
  EXPECT_TRUE(r.image.signature_checked);
  EXPECT_EQ(r.image.hash[0], std::byte{0xcc}) << "imgtool's digest cc81be83…";
  EXPECT_TRUE(rig.log.contains("signature verified")) << rig.log.dump();
}

TEST_F(RealImages, TamperedSignature_RefusedWithValidatorReason) {
  rig.put_secondary(read_file("tampered/ecdsa_p256_1k_sig_flip.bin"));
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_EQ(r.image.version.major, 0) << "the old image keeps running";
  EXPECT_TRUE(rig.log.contains("signature does not verify")) << rig.log.dump();
}

TEST_F(RealImages, KeyhashFlip_ImgtoolAcceptsButBootRefuses) {
  rig.put_secondary(read_file("tampered/ecdsa_p256_1k_keyhash_flip.bin"));
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_TRUE(rig.log.contains("KEYHASH matches no trusted key")) << rig.log.dump();
}

TEST_F(RealImages, PayloadFlip_HashMismatchNamesTheSlot) {
  rig.put_secondary(read_file("tampered/ecdsa_p256_1k_payload_flip.bin"));
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_TRUE(rig.log.contains("image hash")) << rig.log.dump();
  EXPECT_TRUE(rig.log.contains("secondary (external @0x")) << rig.log.dump();
}

TEST_F(RealImages, Ed25519ImageWithOnlyEcKeyTrusted_Refused) {
  rig.put_secondary(read_file("images/ed25519_1k.bin"));
  rig.request(UpgradeMode::kPermanent);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail) << rig.log.dump();
}

}  // namespace
}  // namespace norboot::boot::testing::validator_check_test
