#include "tools/inspect/mcuboot_image_support.hpp"

#include <cstdio>
#include <filesystem>

#include <fmt/core.h>
#include <openssl/pem.h>

#include "crypto_openssl/evp_key.hpp"
#include "image/tlv.hpp"

namespace norboot::tools::inspect {
namespace {

std::string error_text(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

std::optional<std::vector<std::byte>> load_public_key(const std::string& path, std::string& error) {
  std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    error = "cannot open key file " + path;
    return std::nullopt;
  }
  crypto_openssl::PkeyPtr key(PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr));
  if (!key) {
    std::rewind(f.get());
    // An empty password callback result: encrypted private keys fail instead of prompting.
    key.reset(PEM_read_PrivateKey(f.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  }
  if (!key) {
    error = path + " is not a PEM public key or unencrypted private key";
    return std::nullopt;
  }
  if (!crypto_openssl::key_type_of(key.get())) {
    error = path + ": a key type imgtool does not sign with";
    return std::nullopt;
  }
  return crypto_openssl::public_key_bytes(key.get());
}

namespace {
/// With keys, an image must carry a signature one of them verifies; without, its hash decides.
image::ValidateOptions options_for(bool have_keys) {
  image::ValidateOptions o;
  o.require_signature = have_keys;
  return o;
}
}  // namespace

McubootImageSupport::McubootImageSupport(std::vector<std::pair<std::string, std::vector<std::byte>>> keys)
    : key_bytes_(std::move(keys)),
      options_(options_for(!key_bytes_.empty())),
      check_(crypto_, keyring_, options_, check_work_) {
  for (const auto& [name, bytes] : key_bytes_) trusted_.push_back({bytes, name.c_str()});
  keyring_ = image::Keyring(trusted_);  // check_ holds a reference to keyring_: it sees the keys
}

std::string McubootImageSupport::summary() const {
  if (key_bytes_.empty()) return "MCUboot images; no key given: hashes checked, signatures not";
  std::string names;
  for (const auto& [name, bytes] : key_bytes_) names += (names.empty() ? "" : ", ") + std::filesystem::path(name).filename().string();
  return "MCUboot images; signatures checked against " + names;
}

void McubootImageSupport::list_tlvs(const flash::Area& area, const image::TlvLayout& layout, ImageFacts& f) {
  image::TlvIterator it(area, layout);
  image::TlvEntry e;
  for (int guard = 0; guard < 256; ++guard) {
    auto more = it.next(e);
    if (!more || !*more) break;
    f.tlvs.push_back({e.type, e.len, std::string(image::tlv_kind(e.type).name), e.in_protected});
  }
}

void McubootImageSupport::judge(const flash::Area& area, const image::ImageInfo& info, ImageFacts& f) {
  auto v = image::validate(area, options_, keyring_, crypto_, work_);
  if (v) {
    f.hash_ok = v->hash_checked;
    if (v->signature_checked) {
      f.signature_ok = true;
      if (v->key_index >= 0) f.key = std::filesystem::path(key_bytes_[static_cast<size_t>(v->key_index)].first).filename().string();
    }
    return;
  }
  f.problem = error_text(v.error());
  switch (v.error().code) {
    case core::Errc::kMismatch: f.hash_ok = false; break;
    case core::Errc::kSignature:
      f.hash_ok = true;
      f.signature_ok = false;
      break;
    default: break;
  }
  (void)info;
}

ImageFacts McubootImageSupport::describe(const flash::Area& area) {
  ImageFacts f;
  auto header = image::read_header(area);
  if (!header && header.error().code == core::Errc::kBadMagic) return f;  // no image starts here
  f.present = true;
  f.format = "MCUboot image";
  if (!header) {
    f.problem = error_text(header.error());
    return f;
  }
  const image::Version& v = header->version;
  f.version = {v.major, v.minor, v.revision, v.build};
  f.header_size = header->hdr_size;
  f.image_size = header->img_size;
  f.protected_tlv_size = header->protect_tlv_size;
  f.load_addr = header->load_addr;
  f.flags = header->flags;
  auto info = image::inspect(area, work_);
  if (!info) {
    f.problem = error_text(info.error());
    return f;
  }
  f.total_size = info->total_size;
  list_tlvs(area, info->tlvs, f);
  judge(area, *info, f);
  return f;
}

std::unique_ptr<ImageSupport> make_image_support(const std::vector<std::string>& key_files, std::string& error) {
  std::vector<std::pair<std::string, std::vector<std::byte>>> keys;
  for (const std::string& path : key_files) {
    auto bytes = load_public_key(path, error);
    if (!bytes) return nullptr;
    keys.emplace_back(path, std::move(*bytes));
  }
  return std::make_unique<McubootImageSupport>(std::move(keys));
}

}  // namespace norboot::tools::inspect
