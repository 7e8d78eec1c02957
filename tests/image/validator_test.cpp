// The validator's policy and streaming, on vector images changed in the places the policy is about.
#include "image/validator.hpp"

#include <gtest/gtest.h>

#include "core/bytes.hpp"
#include "crypto_openssl/openssl_crypto.hpp"
#include "slot_fixture.hpp"

namespace norboot::image::validator_test {
namespace {

using testing::read_bytes;
using testing::vector_path;
using testing::vector_public_key;

class ValidatorTest : public ::testing::Test {
 protected:
  core::Result<ImageInfo> run(std::vector<std::byte> bytes, const ValidateOptions& o = {}, const char* key = "ecdsa-p256") {
    key_ = vector_public_key(key);
    trusted_[0] = {key_, key};
    slot_ = std::make_unique<testing::Slot>(std::move(bytes));
    return validate(slot_->area(), o, Keyring(trusted_), crypto_, work_);
  }
  crypto_openssl::OpenSslCrypto crypto_;
  std::vector<std::byte> key_;
  std::array<TrustedKey, 1> trusted_;
  std::unique_ptr<testing::Slot> slot_;
  std::vector<std::byte> work_ = std::vector<std::byte>(512);
};

/// Appends a TLV to the unprotected area (not covered by the hash or signature).
std::vector<std::byte> with_unprotected_tlv(std::vector<std::byte> img, uint32_t unprot_off, uint16_t type,
                                            std::vector<std::byte> value) {
  const uint16_t total = core::load_le16(img, unprot_off + 2);
  std::vector<std::byte> tlv(4);
  core::store_le16(tlv, 0, type);
  core::store_le16(tlv, 2, static_cast<uint16_t>(value.size()));
  tlv.insert(tlv.end(), value.begin(), value.end());
  img.insert(img.begin() + unprot_off + total, tlv.begin(), tlv.end());
  core::store_le16(img, unprot_off + 2, static_cast<uint16_t>(total + tlv.size()));
  return img;
}

TEST_F(ValidatorTest, SecurityCounterInUnprotectedArea_RefusedByAllowList) {
  auto img = with_unprotected_tlv(read_bytes(vector_path("images/ecdsa_p256_1k.bin")), 1536, kTlvSecCnt,
                                  std::vector<std::byte>(4, std::byte{0x7f}));
  auto r = run(img);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "TLV not allowed in the unprotected area");
  EXPECT_EQ(r.error().found, kTlvSecCnt);
  EXPECT_EQ(r.error().offset, 1688u);
  ValidateOptions lax;
  lax.enforce_allow_list = false;
  EXPECT_TRUE(run(img, lax));
}

TEST_F(ValidatorTest, SecurityCounterFloor_BelowRefusedAtOrAboveAccepted) {
  const auto img = read_bytes(vector_path("images/ecdsa_p256_seccnt7.bin"));
  ValidateOptions o;
  o.min_security_counter = 8;
  auto r = run(img, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kDowngrade);
  EXPECT_EQ(r.error().expected, 8u);
  EXPECT_EQ(r.error().found, 7u);
  o.min_security_counter = 7;
  auto ok = run(img, o);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->has_security_counter);
  EXPECT_EQ(ok->security_counter, 7u);
}

TEST_F(ValidatorTest, SecurityCounterAuto_IsVersionPacked) {
  auto r = run(read_bytes(vector_path("images/ecdsa_p256_seccnt_auto.bin")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->security_counter, 0x01020003u);
}

TEST_F(ValidatorTest, Dependency_ImageAndMinimumVersionReported) {
  auto r = run(read_bytes(vector_path("images/ecdsa_p256_dependency.bin")));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->dependency_count, 1);
  EXPECT_EQ(r->dependencies[0].image_id, 1);
  EXPECT_EQ(r->dependencies[0].min_version, (Version{1, 2, 0, 0}));
}

TEST_F(ValidatorTest, BootRecordCustomTlvsAndFlags_Reported) {
  auto br = run(read_bytes(vector_path("images/ecdsa_p256_bootrecord.bin")));
  ASSERT_TRUE(br);
  EXPECT_TRUE(br->has_boot_record);
  auto custom = run(read_bytes(vector_path("images/ecdsa_p256_custom_tlv.bin")));
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->tlv_count, 6);
  auto nb = run(read_bytes(vector_path("images/ecdsa_p256_nonbootable.bin")));
  ASSERT_TRUE(nb);
  EXPECT_FALSE(nb->header.bootable());
  EXPECT_FALSE(nb->encrypted);
  EXPECT_FALSE(nb->compressed);
}

TEST_F(ValidatorTest, PureEd25519_VerifiedOverTheImage) {
  auto r = run(read_bytes(vector_path("images/ed25519_pure_1k.bin")), {}, "ed25519");
  ASSERT_TRUE(r) << r.error().what;
  EXPECT_TRUE(r->pure);
  EXPECT_EQ(r->hash_alg, HashAlg::kSha512);
  EXPECT_TRUE(r->signature_checked);
}

TEST_F(ValidatorTest, FullPubkeyOfAnotherKey_NotTrusted) {
  auto r = run(read_bytes(vector_path("images/ecdsa_p256_pubkey_full.bin")), {}, "rsa-2048");
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PUBKEY is not a trusted key");
}

TEST_F(ValidatorTest, HashOnlyImage_RefusedWhenASignatureIsRequired) {
  const auto img = read_bytes(vector_path("images/hashonly_1k.bin"));
  auto r = run(img);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "no signature TLV");
  ValidateOptions hash_only;
  hash_only.require_signature = false;
  EXPECT_TRUE(run(img, hash_only));
}

TEST_F(ValidatorTest, EncryptedFlag_FlaggedByInspectRefusedByValidate) {
  auto img = read_bytes(vector_path("images/ecdsa_p256_1k.bin"));
  core::store_le32(img, kOffFlags, kFlagEncryptedAes128);
  auto r = run(img);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kUnsupported);
  auto info = inspect(slot_->area(), work_);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->encrypted);
}

TEST_F(ValidatorTest, EncryptionTlv_RecognisedByInspect) {
  auto img = with_unprotected_tlv(read_bytes(vector_path("images/ecdsa_p256_1k.bin")), 1536, kTlvEncKw,
                                  std::vector<std::byte>(24));
  testing::Slot slot(img);
  auto info = inspect(slot.area(), work_);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->encrypted);
  EXPECT_EQ(info->encryption_tlv, kTlvEncKw);
}

TEST_F(ValidatorTest, SignatureTypeOfAnotherKeyKind_Refused) {
  // The Ed25519 image's KEYHASH names the Ed25519 key; trusting only an RSA key finds no key.
  auto r = run(read_bytes(vector_path("images/ed25519_1k.bin")), {}, "rsa-2048");
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "KEYHASH matches no trusted key");
}

TEST_F(ValidatorTest, SecondHashTlv_Corrupt) {
  auto img = with_unprotected_tlv(read_bytes(vector_path("images/ecdsa_p256_1k.bin")), 1536, kTlvSha256,
                                  std::vector<std::byte>(32));
  auto r = run(img);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "second hash TLV");
}

TEST_F(ValidatorTest, WorkBufferSmallerThanSignature_NoSpaceNotOverflow) {
  work_.resize(kMinWorkBuffer);
  auto r = run(read_bytes(vector_path("images/ecdsa_p256_1k.bin")));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kNoSpace);
  EXPECT_EQ(r.error().found, 72u);
  work_.resize(kMinWorkBuffer - 1);
  EXPECT_EQ(run(read_bytes(vector_path("images/hashonly_1k.bin"))).error().code, core::Errc::kNoSpace);
}

/// Counts reads and remembers the largest, to show the image is streamed, never loaded whole.
class CountingFlash final : public flash::Flash {
 public:
  CountingFlash(std::vector<std::byte>& mem)
      : Flash("external", flash::Geometry::uniform(static_cast<uint32_t>(mem.size()), 1, 1)), mem_(mem) {}
  size_t largest_read = 0;
  size_t bytes_read = 0;

 private:
  core::Status do_read(uint32_t off, std::span<std::byte> out) override {
    largest_read = std::max(largest_read, out.size());
    bytes_read += out.size();
    std::copy_n(mem_.begin() + off, out.size(), out.begin());
    return core::ok();
  }
  core::Status do_write(uint32_t, std::span<const std::byte>) override { return core::fail(core::Errc::kWriteProtected, "ro"); }
  core::Status do_erase(uint32_t, uint32_t) override { return core::fail(core::Errc::kWriteProtected, "ro"); }
  std::vector<std::byte>& mem_;
};

TEST(ValidatorStreaming, LargeImage_ReadInWorkBufferChunksOnce) {
  auto mem = read_bytes(vector_path("images/ecdsa_p256_300000.bin"));
  CountingFlash dev(mem);
  const flash::Area slot{&dev, 0, static_cast<uint32_t>(mem.size()), "secondary"};
  const auto key = vector_public_key("ecdsa-p256");
  const TrustedKey trusted[] = {{key, "k"}};
  crypto_openssl::OpenSslCrypto crypto;
  std::vector<std::byte> work(256);
  auto r = validate(slot, {}, Keyring(trusted), crypto, work);
  ASSERT_TRUE(r) << r.error().what;
  EXPECT_LE(dev.largest_read, work.size());
  EXPECT_LT(dev.bytes_read, mem.size() + 1024);  // one pass over the image + TLV headers and values
}

}  // namespace
}  // namespace norboot::image::validator_test
