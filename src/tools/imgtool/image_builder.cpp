#include "tools/imgtool/image_builder.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "boot/trailer_layout.hpp"
#include "core/result.hpp"
#include "crypto_openssl/openssl_crypto.hpp"
#include "image/tlv.hpp"
#include "tools/imgtool/boot_record.hpp"
#include "tools/imgtool/text_args.hpp"

namespace norboot::tools::imgtool {

using crypto_openssl::KeyType;
using image::HashAlg;

namespace {

using Bytes = std::vector<std::byte>;

/// Hash algorithms each key type allows, first = "auto" (imgtool ALLOWED_KEY_SHA).
std::vector<HashAlg> allowed_hashes(KeyType t, bool pure) {
  if (pure) return t == KeyType::kEd25519 ? std::vector{HashAlg::kSha512} : std::vector<HashAlg>{};
  switch (t) {
    case KeyType::kEcdsaP384: return {HashAlg::kSha384};
    case KeyType::kEd25519:
    case KeyType::kX25519: return {HashAlg::kSha256, HashAlg::kSha512};
    default: return {HashAlg::kSha256};
  }
}

/// The key that names the image: -k, else --fix-sig-pubkey (its KEYHASH/PUBKEY, hash choice).
const KeyFile* image_key(const SignRequest& r) { return r.key != nullptr ? r.key : r.fixed_sig_key; }

std::expected<HashAlg, std::string> choose_hash(const SignRequest& r) {
  const std::array<std::pair<const char*, HashAlg>, 3> names{{{"256", HashAlg::kSha256}, {"384", HashAlg::kSha384}, {"512", HashAlg::kSha512}}};
  std::optional<HashAlg> user;
  for (auto [n, a] : names) {
    if (r.sha == n) user = a;
  }
  if (!user && r.sha != "auto") return std::unexpected(fmt::format("--sha {}: expected auto, 256, 384 or 512", r.sha));
  const KeyFile* key = image_key(r);
  if (key == nullptr) return user.value_or(HashAlg::kSha256);
  const auto allowed = allowed_hashes(key->type(), r.pure);
  if (allowed.empty()) return std::unexpected(fmt::format("--pure needs an ed25519 key, not {}", key_type_name(key->type())));
  if (r.sha == "auto" || r.pure) return allowed.front();
  if (std::find(allowed.begin(), allowed.end(), *user) != allowed.end()) return *user;
  return std::unexpected(fmt::format("a {} key cannot be used with --sha {}", key_type_name(key->type()), r.sha));
}

uint16_t signature_tlv(KeyType t) {
  switch (t) {
    case KeyType::kRsa2048: return image::kTlvRsa2048Pss;
    case KeyType::kRsa3072: return image::kTlvRsa3072Pss;
    case KeyType::kEd25519: return image::kTlvEd25519;
    default: return image::kTlvEcdsaSig;
  }
}

std::string hex_text(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<unsigned>(x));
  return s;
}

Bytes digest_of(HashAlg alg, std::span<const std::byte> data) {
  static crypto_openssl::OpenSslCrypto crypto;
  Bytes d(image::digest_size(alg));
  (void)image::hash_bytes(crypto, alg, data, d);
  return d;
}

std::expected<void, std::string> check_header_region(const SignRequest& r) {
  if (r.pad_header) return {};
  if (r.payload.size() < r.header_size) {
    return std::unexpected(fmt::format("input is {} bytes, shorter than --header-size 0x{:x} (use --pad-header to prepend the header)",
                                       r.payload.size(), r.header_size));
  }
  for (uint32_t i = 0; i < r.header_size; ++i) {
    if (r.payload[i] != std::byte{0}) {
      return std::unexpected(fmt::format("header padding was not requested and the input does not start with zeros: byte 0x{:x} is 0x{:02x} "
                                         "(the first --header-size 0x{:x} bytes must be 0, or pass --pad-header)",
                                         i, std::to_integer<unsigned>(r.payload[i]), r.header_size));
    }
  }
  return {};
}

std::expected<void, std::string> add_boot_record(Bytes& e, const SignRequest& r, HashAlg alg, std::span<const std::byte> key_hash) {
  if (r.boot_record->size() > 12) {
    return std::unexpected(fmt::format("'{}' is too long ({} characters) for --boot-record: at most 12", *r.boot_record, r.boot_record->size()));
  }
  const std::string v = fmt::format("{}.{}.{}", r.version.major, r.version.minor, r.version.revision);
  const Bytes zero(image::digest_size(alg));
  add_tlv(e, image::kTlvBootRecord, false, encode_boot_record(*r.boot_record, v, key_hash, image::hash_name(alg), zero), r.endian);
  return {};
}

void add_dependency(Bytes& e, const image::Dependency& d, Endian endian) {
  Bytes v(12);  // image id, 3 pad bytes, version (major, minor, revision, build)
  v[0] = std::byte{d.image_id};
  v[4] = std::byte{d.min_version.major};
  v[5] = std::byte{d.min_version.minor};
  put16(v, 6, d.min_version.revision, endian);
  put32(v, 8, d.min_version.build, endian);
  add_tlv(e, image::kTlvDependency, false, v, endian);
}

std::expected<Bytes, std::string> protected_entries(const SignRequest& r, HashAlg alg, std::span<const std::byte> key_hash) {
  Bytes e;
  if (r.security_counter) {
    Bytes v(4);
    put32(v, 0, *r.security_counter, r.endian);
    add_tlv(e, image::kTlvSecCnt, false, v, r.endian);
  }
  if (r.boot_record) NB_TRY(add_boot_record(e, r, alg, key_hash));
  for (const image::Dependency& d : r.dependencies) add_dependency(e, d, r.endian);
  if (r.vendor_id) add_tlv(e, image::kTlvUuidVid, false, *r.vendor_id, r.endian);
  if (r.class_id) add_tlv(e, image::kTlvUuidCid, false, *r.class_id, r.endian);
  for (const auto& [tag, value] : r.custom_tlvs) {
    if (image::tlv_kind(tag).role != image::TlvRole::kVendor) {
      return std::unexpected(fmt::format("custom TLV 0x{:x} is outside 0x{:04x}..0x{:04x} or clashes with a predefined TLV", tag,
                                         image::kTlvVendorMin, image::kTlvVendorMax));
    }
    add_tlv(e, tag, true, value, r.endian);
  }
  if (e.size() + image::kTlvInfoSize > 0xffff) {
    return std::unexpected(fmt::format("protected TLV area of {} bytes does not fit ih_protect_tlv_size (16 bits)", e.size() + 4));
  }
  return e;
}

/// imgtool's --pad-sig (for MCUboot < 1.5): an ECDSA signature zero-padded to 72 bytes (P-256)
/// or 103 bytes (P-384); other key types have nothing to pad.
void pad_signature(Bytes& sig, KeyType t) {
  const size_t size = t == KeyType::kEcdsaP256 ? 72 : t == KeyType::kEcdsaP384 ? 103 : 0;
  if (sig.size() < size) sig.resize(size, std::byte{0});
}

/// The signature TLV's value: made with -k, or the --fix-sig one once it verifies.
std::expected<Bytes, std::string> signature_value(const SignRequest& r, HashAlg alg, const Bytes& digest, std::span<const std::byte> signed_bytes) {
  if (r.fixed_signature) {
    if (!r.fixed_sig_key->verify(alg, digest, signed_bytes, r.pure, *r.fixed_signature)) {
      return std::unexpected(fmt::format("--fix-sig: the {}-byte signature does not verify with the --fix-sig-pubkey {} key over this image "
                                         "({} digest {}); were the sign flags the same as for --vector-to-sign?",
                                         r.fixed_signature->size(), key_type_name(r.fixed_sig_key->type()), image::hash_name(alg),
                                         hex_text(digest)));
    }
    return *r.fixed_signature;
  }
  auto sig = r.key->sign(alg, digest, signed_bytes, r.pure);
  if (!sig) return std::unexpected(sig.error().message);
  if (r.pad_sig) pad_signature(*sig, r.key->type());
  return std::move(*sig);
}

std::expected<Bytes, std::string> unprotected_area(const SignRequest& r, HashAlg alg, const Bytes& digest,
                                                   std::span<const std::byte> signed_bytes, std::span<const std::byte> key_hash, Bytes& sig) {
  Bytes e;
  add_tlv(e, alg == HashAlg::kSha256 ? image::kTlvSha256 : alg == HashAlg::kSha384 ? image::kTlvSha384 : image::kTlvSha512, false, digest, r.endian);
  if (r.pure) add_tlv(e, image::kTlvSigPure, false, std::array{std::byte{1}}, r.endian);
  const KeyFile* key = image_key(r);
  if (key != nullptr) {
    const Bytes pub = key->public_bytes();
    add_tlv(e, r.full_public_key ? image::kTlvPubKey : image::kTlvKeyHash, false, r.full_public_key ? std::span<const std::byte>(pub) : key_hash, r.endian);
    sig = NB_TRY(signature_value(r, alg, digest, signed_bytes));
    add_tlv(e, signature_tlv(key->type()), false, sig, r.endian);
  }
  if (e.size() + image::kTlvInfoSize > 0xffff) return std::unexpected("unprotected TLV area does not fit its 16-bit total");
  return with_info(image::kTlvInfoMagic, e, r.endian);
}

image::ImageHeader make_header(const SignRequest& r, uint32_t payload_size, uint32_t protected_size) {
  image::ImageHeader h;
  h.load_addr = r.rom_fixed.value_or(r.load_addr);
  h.hdr_size = static_cast<uint16_t>(r.header_size);
  h.protect_tlv_size = static_cast<uint16_t>(protected_size);
  h.img_size = payload_size;
  if (r.load_addr != 0) h.flags |= image::kFlagRamLoad;
  if (r.rom_fixed) h.flags |= image::kFlagRomFixed;
  if (r.non_bootable) h.flags |= image::kFlagNonBootable;
  h.version = r.version;
  return h;
}

std::expected<void, std::string> check_request(const SignRequest& r) {
  if (r.header_size < image::kHeaderSize || r.header_size > 0xffff) {
    return std::unexpected(fmt::format("--header-size 0x{:x}: must be 0x20..0xffff (the header is 32 bytes)", r.header_size));
  }
  if (r.load_addr != 0 && r.rom_fixed) return std::unexpected("--load-addr and --rom-fixed cannot be used together");
  if (r.fixed_signature && (r.key != nullptr || r.fixed_sig_key == nullptr)) {
    return std::unexpected("--fix-sig takes the signature from its file: give --fix-sig-pubkey with it, and no -k");
  }
  if (r.vector == SignVector::kNone && r.key != nullptr && !r.key->is_private() && !r.fixed_signature) {
    return std::unexpected("-k names a public key: signing needs the private key (or --vector-to-sign / --fix-sig for external signing)");
  }
  return check_header_region(r);
}

struct Hashed {
  Bytes bytes;               // header, payload and protected TLVs: what the hash covers
  image::ImageHeader header;
};

std::expected<Hashed, std::string> hashed_region(const SignRequest& r, HashAlg alg, std::span<const std::byte> key_hash) {
  Bytes body = r.payload;
  if (r.pad_header) body.insert(body.begin(), r.header_size, std::byte{r.trailer.erased_val});
  if (body.size() - r.header_size > 0xffffffffu) return std::unexpected("payload larger than 4 GiB");
  const Bytes prot = with_info(image::kTlvProtInfoMagic, NB_TRY(protected_entries(r, alg, key_hash)), r.endian);
  const image::ImageHeader h = make_header(r, static_cast<uint32_t>(body.size() - r.header_size), static_cast<uint32_t>(prot.size()));
  store_header(h, std::span(body).first<image::kHeaderSize>(), r.endian);
  body.insert(body.end(), prot.begin(), prot.end());
  return Hashed{std::move(body), h};
}

}  // namespace

uint32_t imgtool_trailer_size(const TrailerOptions& t) {
  const uint32_t magic = boot::align_up(boot::kMagicSize, t.max_align);
  if (t.overwrite_only) return t.max_align * 2 + magic;
  return t.max_sectors * 3 * t.align + t.max_align * 4 + magic;
}

std::expected<SignedImage, std::string> build_image(const SignRequest& r) {
  NB_TRY(check_request(r));
  const HashAlg alg = NB_TRY(choose_hash(r));
  const KeyFile* key = image_key(r);
  const Bytes key_hash = key != nullptr ? digest_of(alg, key->public_bytes()) : Bytes(32);
  auto [body, header] = NB_TRY(hashed_region(r, alg, key_hash));
  SignedImage img{.bytes = {}, .base_addr = r.base_addr, .hash_alg = alg, .digest = digest_of(alg, body), .signature = {}, .trailer_size = 0, .sizes = {}};
  if (r.vector != SignVector::kNone) {  // imgtool stops here: no unprotected TLVs, no -S check
    img.bytes = r.vector == SignVector::kDigest ? img.digest : std::move(body);
    return img;
  }
  const Bytes unprot = NB_TRY(unprotected_area(r, alg, img.digest, body, key_hash, img.signature));
  body.insert(body.end(), unprot.begin(), unprot.end());
  img.bytes = std::move(body);
  img.sizes = image::image_sizes(header, static_cast<uint32_t>(unprot.size()));
  img.trailer_size = imgtool_trailer_size(r.trailer);
  if (r.trailer.slot_size > 0 && img.bytes.size() + img.trailer_size > r.trailer.slot_size) {
    return std::unexpected(fmt::format("Image size (0x{:x}) + trailer (0x{:x}) exceeds requested size 0x{:x} by {} bytes",
                                       img.bytes.size(), img.trailer_size, r.trailer.slot_size,
                                       img.bytes.size() + img.trailer_size - r.trailer.slot_size));
  }
  return img;
}

namespace {

/// Where image_ok sits, from the slot end (imgtool: -(align_up(16, max_align) + max_align)).
uint32_t image_ok_from_end(const TrailerOptions& t) { return boot::align_up(boot::kMagicSize, t.max_align) + t.max_align; }

bool writes_image_ok(const SignRequest& r) { return r.confirm && !r.trailer.overwrite_only; }

}  // namespace

std::vector<std::byte> binary_output(const SignedImage& img, const SignRequest& r, bool pad) {
  Bytes out = img.bytes;
  if (!pad || r.vector != SignVector::kNone) return out;
  const TrailerOptions& t = r.trailer;
  out.resize(t.slot_size, std::byte{t.erased_val});
  const auto magic = trailer_magic(t.max_align, r.endian);
  std::copy(magic.begin(), magic.end(), out.end() - boot::kMagicSize);
  if (writes_image_ok(r)) out[t.slot_size - image_ok_from_end(t)] = std::byte{1};
  return out;
}

std::vector<HexSegment> hex_output(const SignedImage& img, const SignRequest& r, bool pad, uint32_t base) {
  std::vector<HexSegment> segs{{base, img.bytes}};
  if (!pad || r.vector != SignVector::kNone) return segs;
  const TrailerOptions& t = r.trailer;
  const uint32_t end = base + t.slot_size;
  if (writes_image_ok(r)) {
    Bytes flag(t.max_align, std::byte{t.erased_val});
    flag[0] = std::byte{1};
    segs.push_back({end - image_ok_from_end(t), flag});
  }
  const auto magic = trailer_magic(t.max_align, r.endian);
  segs.push_back({end - boot::kMagicSize, Bytes(magic.begin(), magic.end())});
  return segs;
}

}  // namespace norboot::tools::imgtool
