// Interop: every image of ../shared/vectors/imgtool (MCUboot imgtool 2.4.0) verifies or fails as
// the manifest says, and every tampered copy is refused with a reason naming the field. The one
// deliberate difference: imgtool accepts the KEYHASH-flipped image (its verify ignores KEYHASH);
// norboot, like MCUboot's bootutil, refuses it.
#include <gtest/gtest.h>

#include <map>

#include "crypto_openssl/openssl_crypto.hpp"
#include "image/validator.hpp"
#include "slot_fixture.hpp"

namespace norboot::image::validator_vectors_test {
namespace {

using testing::manifest;

const nlohmann::json& entry(const std::string& path) {
  for (const auto& f : manifest()["files"]) {
    if (f["path"] == path) return f;
  }
  throw std::runtime_error("not in manifest: " + path);
}

std::vector<std::string> bin_files(const char* kind) {
  std::vector<std::string> out;
  for (const auto& f : manifest()["files"]) {
    if (f["kind"] == kind && f["path"].get<std::string>().ends_with(".bin")) out.push_back(f["path"]);
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param.substr(info.param.find('/') + 1);
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

/// "keys/ecdsa-p256.pem" → "ecdsa-p256"
std::string key_name(const nlohmann::json& key) {
  const std::string k = key.get<std::string>();
  return k.substr(5, k.size() - 9);
}

std::string fmt_hex(std::byte b) {
  static const char* digits = "0123456789abcdef";
  const auto v = std::to_integer<unsigned>(b);
  return {digits[v >> 4], digits[v & 15]};
}

/// Validates a vector file as a bootloader with the signing key (or no key for unsigned images)
/// would, through a work buffer of `buf` bytes.
core::Result<ImageInfo> validate_vector(const std::string& path, size_t buf = 512, uint32_t slot_size = 0) {
  const auto& f = entry(path);
  std::vector<std::byte> key;
  ValidateOptions opts;
  if (f["key"].is_null()) {
    opts.require_signature = false;
  } else {
    key = testing::vector_public_key(key_name(f["key"]));
  }
  const TrustedKey trusted[] = {{key, "signing key"}};
  const Keyring keyring(key.empty() ? std::span<const TrustedKey>() : std::span<const TrustedKey>(trusted));
  testing::Slot slot(testing::read_bytes(testing::vector_path(path)), slot_size);
  crypto_openssl::OpenSslCrypto crypto;
  std::vector<std::byte> work(buf);
  return validate(slot.area(), opts, keyring, crypto, work);
}

class GoodImages : public ::testing::TestWithParam<std::string> {};

TEST_P(GoodImages, Validate_WithSigningKey_AcceptedAsImgtoolVerifyDid) {
  const auto& f = entry(GetParam());
  ASSERT_EQ(f["expected_verify"]["exit_code"], 0);
  auto r = validate_vector(GetParam());
  ASSERT_TRUE(r) << r.error().what << " @" << r.error().offset;
  EXPECT_TRUE(r->hash_checked);
  EXPECT_EQ(r->signature_checked, !f["key"].is_null());
  EXPECT_EQ(r->key_index, f["key"].is_null() ? -1 : 0);
  EXPECT_EQ(r->total_size, f["parsed"]["image_end"].get<uint32_t>());
  if (r->hash_alg == HashAlg::kSha256) {
    std::string hex;
    for (std::byte b : r->hash_view()) hex += fmt_hex(b);
    EXPECT_EQ(hex, f["parsed"]["sha256_of_hashed_range"]);
  }
}

TEST_P(GoodImages, Validate_AnyWorkBufferSizeAndLargerSlot_SameVerdict) {
  // 400 bytes: the smallest buffer that holds each vector's signature (RSA-2048: 256).
  for (size_t buf : {size_t{400}, size_t{1000}, size_t{4096}}) {
    auto r = validate_vector(GetParam(), buf, 0x80000);
    EXPECT_TRUE(r) << "buf " << buf << ": " << r.error().what;
  }
}

TEST_P(GoodImages, Validate_WithAnotherVectorKey_Refused) {
  const auto& f = entry(GetParam());
  if (f["key"].is_null()) GTEST_SKIP() << "unsigned image";
  const std::string other = key_name(f["key"]) == "ed25519" ? "rsa-2048" : "ed25519";
  const auto key = testing::vector_public_key(other);
  const TrustedKey trusted[] = {{key, other.c_str()}};
  testing::Slot slot(testing::read_bytes(testing::vector_path(GetParam())));
  crypto_openssl::OpenSslCrypto crypto;
  std::vector<std::byte> work(512);
  auto r = validate(slot.area(), {}, Keyring(trusted), crypto, work);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kSignature);
}

TEST_P(GoodImages, Inspect_ReportsHashWithoutVerifying) {
  auto v = validate_vector(GetParam());
  ASSERT_TRUE(v);
  testing::Slot slot(testing::read_bytes(testing::vector_path(GetParam())));
  std::vector<std::byte> work(kMinWorkBuffer);
  auto r = inspect(slot.area(), work);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->hash_checked);
  EXPECT_FALSE(r->signature_checked);
  EXPECT_TRUE(std::ranges::equal(r->hash_view(), v->hash_view()));
  EXPECT_EQ(r->total_size, v->total_size);
}

INSTANTIATE_TEST_SUITE_P(Vectors, GoodImages, ::testing::ValuesIn(bin_files("image")), test_name);

struct Refusal {
  core::Errc code;
  const char* what;
};

// What each tampered copy must be refused for (the field named in the error).
const std::map<std::string, Refusal> kRefusals = {
    {"tampered/ecdsa_p256_1k_payload_flip.bin", {core::Errc::kMismatch, "image hash"}},
    {"tampered/hashonly_1k_payload_flip.bin", {core::Errc::kMismatch, "image hash"}},
    {"tampered/ecdsa_p256_1k_header_magic_flip.bin", {core::Errc::kBadMagic, "image header magic"}},
    {"tampered/ecdsa_p256_1k_version_flip.bin", {core::Errc::kMismatch, "image hash"}},
    {"tampered/ecdsa_p256_1k_hash_tlv_flip.bin", {core::Errc::kMismatch, "image hash"}},
    {"tampered/ecdsa_p256_1k_sig_flip.bin", {core::Errc::kSignature, "ECDSASIG signature does not verify"}},
    {"tampered/ed25519_1k_sig_flip.bin", {core::Errc::kSignature, "ED25519 signature does not verify"}},
    {"tampered/rsa2048_1k_sig_flip.bin", {core::Errc::kSignature, "RSA2048 signature does not verify"}},
    {"tampered/ecdsa_p256_1k_keyhash_flip.bin", {core::Errc::kSignature, "KEYHASH matches no trusted key"}},
    {"tampered/ecdsa_p256_seccnt7_seccnt_flip.bin", {core::Errc::kMismatch, "image hash"}},
    {"tampered/ecdsa_p256_1k_trunc_tail10.bin", {core::Errc::kOutOfRange, "TLV area runs past the end of the slot"}},
    {"tampered/ecdsa_p256_1k_trunc_in_payload.bin", {core::Errc::kOutOfRange, "image size (ih_img_size) runs past the end of the slot"}},
    {"tampered/ecdsa_p256_300000_pad_align4_trunc_tlv.bin", {core::Errc::kOutOfRange, "TLV area runs past the end of the slot"}},
};

class TamperedImages : public ::testing::TestWithParam<std::string> {};

TEST_P(TamperedImages, Validate_RefusedNamingTheField) {
  auto it = kRefusals.find(GetParam());
  ASSERT_NE(it, kRefusals.end()) << "new tampered vector without an expected refusal";
  auto r = validate_vector(GetParam());
  ASSERT_FALSE(r) << "accepted";
  EXPECT_EQ(r.error().code, it->second.code) << r.error().what;
  EXPECT_NE(std::string(r.error().what).find(it->second.what), std::string::npos) << r.error().what;
  EXPECT_STREQ(r.error().area, "secondary");
  EXPECT_NE(r.error().offset, core::Error::kNoOffset);
}

TEST_P(TamperedImages, Manifest_ImgtoolVerdictAgreesExceptKeyhash) {
  const auto& f = entry(GetParam());
  const bool imgtool_accepts = f["expected_verify"]["exit_code"] == 0;
  EXPECT_EQ(imgtool_accepts, GetParam() == "tampered/ecdsa_p256_1k_keyhash_flip.bin");
}

INSTANTIATE_TEST_SUITE_P(Vectors, TamperedImages, ::testing::ValuesIn(bin_files("tampered_image")), test_name);

TEST(TamperedTruncation, TailCut_ErrorGivesFileEndAndNeededEnd) {
  auto r = validate_vector("tampered/ecdsa_p256_1k_trunc_tail10.bin");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().expected, 1678u);  // where the file (slot) ends
  EXPECT_EQ(r.error().found, 1688u);     // where the TLV area says the image ends
}

TEST(TamperedKeyHash, ErrorShowsTrustedAndFoundKeyHashHeads) {
  auto r = validate_vector("tampered/ecdsa_p256_1k_keyhash_flip.bin");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().expected, 0x15d32e2cd139e8a4u);  // keys/ecdsa-p256.pubhash.txt
  EXPECT_EQ(r.error().found, 0x14d32e2cd139e8a4u);
  EXPECT_EQ(r.error().offset, 1580u);
}

}  // namespace
}  // namespace norboot::image::validator_vectors_test
