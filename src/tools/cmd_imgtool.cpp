// norboot imgtool keygen|getpub|getpubhash|getpriv|verify|dumpinfo|sign — MCUboot imgtool 2.x's
// subcommands and flag names, so existing scripts keep working (tools/imgtool/ holds the library).
// norboot's own additions to `sign`: --strategy (with --sector-size, --primary-size) checks the
// image against the boot core's slot arithmetic, as the bootloader will count it.
// Exit codes (../shared/CLI.md): 0 done, 1 refused (invalid key, image, flag value), 2 usage
// (CLI11), 3 I/O (unreadable key or input, unwritable output).
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "boot/strategy.hpp"
#include "crypto_openssl/openssl_crypto.hpp"
#include "flash/ram_flash.hpp"
#include "image/tlv.hpp"
#include "image/validator.hpp"
#include "tools/command.hpp"
#include "tools/imgtool/dumpinfo.hpp"
#include "tools/imgtool/file_length.hpp"
#include "tools/imgtool/image_builder.hpp"
#include "tools/imgtool/image_file.hpp"
#include "tools/imgtool/key_file.hpp"
#include "tools/imgtool/key_text.hpp"
#include "tools/imgtool/slot_fit.hpp"
#include "tools/imgtool/text_args.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_imgtool {
namespace {

namespace it = norboot::tools::imgtool;
using Bytes = std::vector<std::byte>;

constexpr const char* kPasswordEnv = "NORBOOT_KEY_PASSWORD";

/// An error with its exit code, carried up to the command body.
struct Failure {
  std::string message;
  int code = kExitRefused;
};
template <typename T>
using Got = std::expected<T, Failure>;

std::unexpected<Failure> refused(std::string m) { return std::unexpected(Failure{std::move(m), kExitRefused}); }

int report(const Failure& f, bool json) { return report_message(f.message, json, f.code); }

std::string hex_string(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<unsigned>(x));
  return s;
}

/// The password for a protected key: NORBOOT_KEY_PASSWORD, else a prompt when stdin is a terminal
/// (imgtool prompts); nullopt when neither is available.
std::optional<std::string> ask_password(const char* prompt) {
  if (const char* env = std::getenv(kPasswordEnv)) return std::string(env);
  if (isatty(STDIN_FILENO) == 0) return std::nullopt;
  const char* p = getpass(prompt);
  if (p == nullptr) return std::nullopt;
  return std::string(p);
}

Got<it::KeyFile> load_key(const std::string& path) {
  auto k = it::load_key_file(path, std::nullopt);
  if (!k && k.error().message.find("password-protected") != std::string::npos) {
    if (auto pw = ask_password("Enter the password for the key: ")) {
      k = it::load_key_file(path, pw);
    } else {
      return refused(k.error().message + " (set " + kPasswordEnv + " or run on a terminal)");
    }
  }
  if (!k) return std::unexpected(Failure{k.error().message, k.error().kind == it::KeyError::kIo ? kExitIo : kExitRefused});
  return std::move(*k);
}

Got<it::LoadedFile> load_image_file(const std::string& path) {
  auto f = it::load_input(path);
  if (!f) return std::unexpected(Failure{f.error().message, f.error().io ? kExitIo : kExitRefused});
  return std::move(*f);
}

std::expected<void, Failure> write_file(const std::string& path, std::span<const std::byte> data) {
  auto w = it::write_atomic(path, data);
  if (!w) return std::unexpected(Failure{w.error().message, w.error().io ? kExitIo : kExitRefused});
  return {};
}

/// Prints to stdout, or writes the file when -o names one.
int emit(const std::string& out_path, const std::string& text) {
  if (out_path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  auto w = write_file(out_path, it::as_bytes(text));
  return w ? kExitOk : report(w.error(), false);
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// ---- keygen ---------------------------------------------------------------------------------

struct KeygenArgs {
  std::string key, type;
  bool password = false;
};

int run_keygen(const KeygenArgs& a) {
  const auto type = crypto_openssl::parse_key_type(a.type);
  if (!type) return report_message("unknown key type \"" + a.type + "\"; known: ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072, x25519", false, kExitRefused);
  std::optional<std::string> password;
  if (a.password) {
    password = ask_password("Enter a password for the key: ");
    if (!password || password->empty()) {
      return report_message(fmt::format("--password needs a password: set {} or run on a terminal", kPasswordEnv), false, kExitRefused);
    }
  }
  auto key = it::generate_key(*type);
  if (!key) return report_message(key.error().message, false, kExitRefused);
  auto pem = key->private_pem(password);
  if (!pem) return report_message(pem.error().message, false, kExitRefused);
  auto w = write_file(a.key, it::as_bytes(*pem));
  return w ? kExitOk : report(w.error(), false);
}

void add_keygen(CLI::App& tool) {
  auto a = std::make_shared<KeygenArgs>();
  CLI::App* c = tool.add_subcommand("keygen", "Generate a private key (unencrypted PKCS#8 PEM, or AES-256 encrypted with --password)");
  c->add_option("-k,--key", a->key, "Output key file")->required();
  c->add_option("-t,--type", a->type, "ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072 or x25519")->required();
  c->add_flag("-p,--password", a->password, std::string("Protect the key with a password (from ") + kPasswordEnv + " or a prompt)");
  c->callback(run([a] { return run_keygen(*a); }));
}

// ---- getpub / getpubhash / getpriv --------------------------------------------------------

struct KeyOutArgs {
  std::string key, encoding, output, sha = "auto", format = "pkcs8";
};

int run_getpub(const KeyOutArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  const Bytes pub = key->public_bytes();
  const std::string name = std::string(it::key_shortname(key->type())) + "_pub_key";
  if (a.encoding == "lang-c") return emit(a.output, it::c_array(name, pub));
  if (a.encoding == "lang-rust") return emit(a.output, it::rust_array(upper(name), pub));
  if (a.encoding == "pem") return emit(a.output, key->public_pem());
  return emit(a.output, std::string(reinterpret_cast<const char*>(pub.data()), pub.size()));  // raw
}

int run_getpubhash(const KeyOutArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  image::HashAlg alg = image::HashAlg::kSha256;  // imgtool: auto is SHA-256 for every key type
  if (a.sha == "384") alg = image::HashAlg::kSha384;
  if (a.sha == "512") alg = image::HashAlg::kSha512;
  crypto_openssl::OpenSslCrypto crypto;
  Bytes digest(image::digest_size(alg));
  if (!image::hash_bytes(crypto, alg, key->public_bytes(), digest)) return report_message("hashing the public key failed", false, kExitRefused);
  const std::string name = std::string(it::key_shortname(key->type())) + "_pub_key_hash";
  if (a.encoding == "raw") return emit(a.output, std::string(reinterpret_cast<const char*>(digest.data()), digest.size()));
  return emit(a.output, it::c_array(name, digest));
}

int run_getpriv(const KeyOutArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  auto der = key->private_der(a.format);
  if (!der) return report_message(a.key + ": " + der.error().message, false, kExitRefused);
  return emit("", it::c_array(std::string(it::key_shortname(key->type())) + "_priv_key", *der));
}

void add_key_outputs(CLI::App& tool) {
  auto pub = std::make_shared<KeyOutArgs>();
  CLI::App* c = tool.add_subcommand("getpub", "Print the public key a bootloader embeds (C or Rust array, PEM, raw DER)");
  c->add_option("-k,--key", pub->key, "Key file (private or public PEM)")->required();
  c->add_option("-e,--encoding", pub->encoding, "lang-c (default), lang-rust, pem, raw")
      ->default_val("lang-c")
      ->check(CLI::IsMember({"lang-c", "lang-rust", "pem", "raw"}));
  c->add_option("-o,--output", pub->output, "Output file (default: stdout)");
  c->callback(run([pub] { return run_getpub(*pub); }));

  auto hash = std::make_shared<KeyOutArgs>();
  CLI::App* h = tool.add_subcommand("getpubhash", "Print the hash of the public key (what the KEYHASH TLV holds)");
  h->add_option("-k,--key", hash->key, "Key file (private or public PEM)")->required();
  h->add_option("-e,--encoding", hash->encoding, "lang-c (default), raw")->default_val("lang-c")->check(CLI::IsMember({"lang-c", "raw"}));
  h->add_option("--sha", hash->sha, "auto (SHA-256), 256, 384, 512")->default_val("auto")->check(CLI::IsMember({"auto", "256", "384", "512"}));
  h->add_option("-o,--output", hash->output, "Output file (default: stdout)");
  h->callback(run([hash] { return run_getpubhash(*hash); }));

  auto priv = std::make_shared<KeyOutArgs>();
  CLI::App* p = tool.add_subcommand("getpriv", "Print the private key as a C array (DER)");
  p->add_option("-k,--key", priv->key, "Private key file")->required();
  p->add_option("-f,--format", priv->format, "pkcs8 (default) or openssl")->default_val("pkcs8")->check(CLI::IsMember({"pkcs8", "openssl"}));
  p->callback(run([priv] { return run_getpriv(*priv); }));
}

// ---- verify ---------------------------------------------------------------------------------

struct VerifyArgs {
  std::string key, image;
  bool json = false;
};

/// The signature value of a pure image (imgtool prints it instead of the digest).
Bytes signature_value(const flash::Area& slot, const image::ImageInfo& info) {
  image::TlvIterator tlvs(slot, info.tlvs);
  image::TlvEntry e;
  for (int guard = 0; guard < 256; ++guard) {
    auto more = tlvs.next(e);
    if (!more || !*more) break;
    if (e.type == info.signature_type) {
      Bytes v(e.len);
      if (!slot.read(e.value_off, v)) return {};
      return v;
    }
  }
  return {};
}

int run_verify(const VerifyArgs& a) {
  std::optional<it::KeyFile> key;
  if (!a.key.empty()) {
    auto k = load_key(a.key);
    if (!k) return report(k.error(), a.json);
    key = std::move(*k);
  }
  auto file = load_image_file(a.image);
  if (!file) return report(file.error(), a.json);
  Bytes mem = file->bytes;
  if (mem.empty()) return report_message(a.image + ": the file is empty, no image header", a.json, kExitRefused);
  if (auto cut = it::truncation_message(mem)) return report_message(a.image + ": " + *cut, a.json, kExitRefused);
  flash::RamFlash dev("file", flash::Geometry::uniform(static_cast<uint32_t>(mem.size()), 1, 1), mem);
  const flash::Area slot{&dev, 0, static_cast<uint32_t>(mem.size()), a.image.c_str()};  // errors name the file
  const Bytes pub = key ? key->public_bytes() : Bytes{};
  const std::array<image::TrustedKey, 1> trusted{{{pub, "key"}}};
  const image::Keyring ring = key ? image::Keyring(trusted) : image::Keyring();
  image::ValidateOptions opt;
  opt.require_signature = key.has_value();
  crypto_openssl::OpenSslCrypto crypto;
  Bytes work(512);
  auto info = image::validate(slot, opt, ring, crypto, work);
  if (!info) return report_error(info.error(), a.json);
  const std::string version = it::format_version(info->header.version);
  const std::string digest = info->pure ? hex_string(signature_value(slot, *info)) : hex_string(info->hash_view());
  if (a.json) {
    print_json({{"file", a.image}, {"valid", true}, {"version", version}, {"hash", image::hash_name(info->hash_alg)},
                {info->pure ? "signature" : "digest", digest}, {"signature_checked", info->signature_checked}});
  } else {
    std::printf("Image was correctly validated\nImage version: %s\n%s: %s\n", version.c_str(),
                info->pure ? "Image signature over image" : "Image digest", digest.c_str());
  }
  return kExitOk;
}

void add_verify(CLI::App& tool) {
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* c = tool.add_subcommand("verify", "Check an image's hash and, with -k, its signature (KEYHASH/PUBKEY must name that key)");
  c->add_option("-k,--key", a->key, "Public or private key file (without: hash only)");
  c->add_option("imgfile", a->image, "Image (binary, or Intel HEX by extension)")->required();
  c->add_flag("--json", a->json, "One JSON document on stdout");
  c->callback(run([a] { return run_verify(*a); }));
}

// ---- dumpinfo -------------------------------------------------------------------------------

struct DumpArgs {
  std::string image, output;
  bool json = false;
};

int run_dumpinfo(const DumpArgs& a) {
  auto file = load_image_file(a.image);
  if (!file) return report(file.error(), a.json);
  const std::string name = a.image.substr(a.image.find_last_of('/') + 1);
  const it::Dump d = it::dump_image(file->bytes, name);
  // A file cut short: say where it ends and what the header asked for, not a slot-range error.
  const auto cut = d.problem ? it::truncation_message(file->bytes) : std::nullopt;
  if (a.json) {
    nlohmann::json doc = d.json;
    if (d.problem) {
      doc["error"] = {{"code", std::string(core::errc_name(d.problem->code))}, {"message", cut ? a.image + ": " + *cut : describe(*d.problem)}};
    }
    print_json(doc);
    return d.problem ? exit_for(*d.problem) : kExitOk;
  }
  const int rc = emit(a.output, d.text);
  if (rc != kExitOk) return rc;
  std::fflush(stdout);
  if (cut) return report_message(a.image + ": " + *cut, false, kExitRefused);
  return d.problem ? report_error(*d.problem, false) : kExitOk;
}

void add_dumpinfo(CLI::App& tool) {
  auto a = std::make_shared<DumpArgs>();
  CLI::App* c = tool.add_subcommand("dumpinfo", "Print an image's header, TLV areas and trailer (as far as the file goes)");
  c->add_option("imgfile", a->image, "Image (binary, or Intel HEX by extension)")->required();
  c->add_option("-o,--outfile", a->output, "Write the text to this file instead of stdout");
  c->add_flag("--json", a->json, "One JSON document on stdout");
  c->callback(run([a] { return run_dumpinfo(*a); }));
}

}  // namespace

// sign lives in its own part of this file: flags → SignRequest, build, slot fit, write.
namespace {

struct SignArgs {
  std::string key, public_key_format = "hash", version, header_size, slot_size, load_addr, rom_fixed, hex_addr;
  std::string security_counter, dependencies, boot_record, erased_val = "0xff", sha = "auto", strategy;
  std::string sector_size = "4096", primary_size;
  std::vector<std::string> custom_tlvs;  // tag, value, tag, value…
  uint32_t align = 1, max_align = 0, max_sectors = 128;
  bool pad_header = false, pad = false, confirm = false, overwrite_only = false, non_bootable = false, pure = false, json = false;
  std::string infile, outfile;
};

Got<uint32_t> u32_flag(const std::string& flag, const std::string& text) {
  auto v = it::parse_int(text);
  if (!v) return refused(flag + ": " + v.error());
  if (*v > 0xffffffffu) return refused(fmt::format("{} {}: larger than 0xffffffff", flag, text));
  return static_cast<uint32_t>(*v);
}

Got<std::optional<uint32_t>> optional_u32(const std::string& flag, const std::string& text) {
  if (text.empty()) return std::optional<uint32_t>{};
  auto v = u32_flag(flag, text);
  if (!v) return std::unexpected(v.error());
  return std::optional<uint32_t>(*v);
}

/// -s N|auto: auto is the version packed as imgtool does (major << 24 | minor << 16 | revision).
Got<std::optional<uint32_t>> security_counter(const SignArgs& a, const image::Version& v) {
  if (a.security_counter == "auto") return std::optional<uint32_t>((uint32_t{v.major} << 24) | (uint32_t{v.minor} << 16) | v.revision);
  return optional_u32("--security-counter", a.security_counter);
}

Got<std::vector<std::pair<uint16_t, Bytes>>> custom_tlvs(const SignArgs& a) {
  std::vector<std::pair<uint16_t, Bytes>> out;
  for (size_t i = 0; i + 1 < a.custom_tlvs.size(); i += 2) {
    auto tag = it::parse_int(a.custom_tlvs[i]);
    if (!tag || *tag > 0xffff) return refused(fmt::format("--custom-tlv tag \"{}\": expected a 16-bit number", a.custom_tlvs[i]));
    for (const auto& [t, v] : out) {
      if (t == *tag) return refused(fmt::format("--custom-tlv 0x{:x} given twice", *tag));
    }
    auto value = it::parse_custom_tlv_value(a.custom_tlvs[i + 1]);
    if (!value) return refused("--custom-tlv " + a.custom_tlvs[i] + ": " + value.error());
    out.emplace_back(static_cast<uint16_t>(*tag), std::move(*value));
  }
  return out;
}

Got<it::TrailerOptions> trailer_options(const SignArgs& a, uint32_t slot_size) {
  it::TrailerOptions t;
  t.slot_size = slot_size;
  t.align = a.align;
  t.max_align = a.max_align != 0 ? a.max_align : std::max<uint32_t>(8, a.align);
  if (t.max_align < a.align) return refused(fmt::format("--max-align {} is smaller than --align {}", t.max_align, a.align));
  t.max_sectors = a.max_sectors;
  t.overwrite_only = a.overwrite_only;
  if (a.erased_val != "0" && a.erased_val != "0xff") return refused("--erased-val " + a.erased_val + ": expected 0 or 0xff");
  t.erased_val = a.erased_val == "0" ? 0x00 : 0xff;
  return t;
}

/// Everything but the key and the payload.
Got<it::SignRequest> sign_request(const SignArgs& a) {
  it::SignRequest r;
  auto version = it::parse_version(a.version);
  if (!version) return refused("--version " + a.version + ": " + version.error());
  r.version = *version;
  auto header_size = u32_flag("--header-size", a.header_size);
  auto slot_size = u32_flag("--slot-size", a.slot_size);
  if (!header_size) return std::unexpected(header_size.error());
  if (!slot_size) return std::unexpected(slot_size.error());
  r.header_size = *header_size;
  r.pad_header = a.pad_header;
  auto load = optional_u32("--load-addr", a.load_addr);
  auto rom = optional_u32("--rom-fixed", a.rom_fixed);
  auto counter = security_counter(a, r.version);
  auto tlvs = custom_tlvs(a);
  auto trailer = trailer_options(a, *slot_size);
  for (const Failure* f : {load ? nullptr : &load.error(), rom ? nullptr : &rom.error(), counter ? nullptr : &counter.error(),
                           tlvs ? nullptr : &tlvs.error(), trailer ? nullptr : &trailer.error()}) {
    if (f != nullptr) return std::unexpected(*f);
  }
  r.load_addr = load->value_or(0);
  r.rom_fixed = *rom;
  r.security_counter = *counter;
  r.custom_tlvs = std::move(*tlvs);
  r.trailer = *trailer;
  if (!a.dependencies.empty()) {
    auto deps = it::parse_dependencies(a.dependencies);
    if (!deps) return refused("--dependencies " + a.dependencies + ": " + deps.error());
    r.dependencies = std::move(*deps);
  }
  if (!a.boot_record.empty()) r.boot_record = a.boot_record;
  r.non_bootable = a.non_bootable;
  r.full_public_key = a.public_key_format == "full";
  r.sha = a.sha;
  r.pure = a.pure;
  r.confirm = a.confirm;
  return r;
}

/// norboot's check: can the boot core hold this image with --strategy? (Only with --strategy, so
/// imgtool's flags alone behave exactly as imgtool does.)
Got<std::optional<uint32_t>> slot_fit(const SignArgs& a, const it::SignedImage& img, const it::SignRequest& r) {
  if (a.strategy.empty()) return std::optional<uint32_t>{};
  const auto strategy = boot::parse_strategy(a.strategy);
  if (!strategy) return refused("unknown --strategy \"" + a.strategy + "\"; known: overwrite, swap-scratch, swap-move, swap-offset, swap-pipeline");
  auto sector = u32_flag("--sector-size", a.sector_size);
  auto primary = optional_u32("--primary-size", a.primary_size);
  if (!sector) return std::unexpected(sector.error());
  if (!primary) return std::unexpected(primary.error());
  it::SlotFitRequest q;
  q.image_bytes = img.bytes.size();
  q.slot_size = r.trailer.slot_size;
  q.primary_size = *primary;
  q.sector_size = *sector;
  q.write_block = r.trailer.align;
  q.max_align = r.trailer.max_align;
  q.strategy = *strategy;
  auto fit = it::check_slot_fit(q);
  if (!fit) return refused(fit.error());
  return std::optional<uint32_t>(fit->max_image_size);
}

Got<Bytes> output_bytes(const SignArgs& a, const it::SignedImage& img, const it::SignRequest& r, bool pad) {
  if (!it::is_hex_path(a.outfile)) return it::binary_output(img, r, pad);
  auto hex_addr = optional_u32("--hex-addr", a.hex_addr);
  if (!hex_addr) return std::unexpected(hex_addr.error());
  const uint32_t base = hex_addr->value_or(img.base_addr.value_or(0));
  if (uint64_t{base} + (pad ? r.trailer.slot_size : img.bytes.size()) > 0x100000000ull) {
    return refused(fmt::format("--hex-addr 0x{:x}: the image would run past the 4 GiB Intel HEX address space", base));
  }
  const auto segs = it::hex_output(img, r, pad, base);
  return it::as_bytes(it::intel_hex_text(segs));
}

int run_sign(const SignArgs& a) {
  auto req = sign_request(a);
  if (!req) return report(req.error(), a.json);
  std::optional<it::KeyFile> key;
  if (!a.key.empty()) {
    auto k = load_key(a.key);
    if (!k) return report(k.error(), a.json);
    key = std::move(*k);
    req->key = &*key;
  }
  auto in = load_image_file(a.infile);
  if (!in) return report(in.error(), a.json);
  req->payload = std::move(in->bytes);
  req->base_addr = in->base_addr;
  const bool pad = a.pad || a.confirm;  // imgtool: a confirmed image needs its trailer
  auto img = it::build_image(*req);
  if (!img) return report_message(img.error(), a.json, kExitRefused);
  auto fit = slot_fit(a, *img, *req);
  if (!fit) return report(fit.error(), a.json);
  auto bytes = output_bytes(a, *img, *req, pad);
  if (!bytes) return report(bytes.error(), a.json);
  if (auto w = write_file(a.outfile, *bytes); !w) return report(w.error(), a.json);
  if (a.json) {
    nlohmann::json doc{{"output", a.outfile}, {"size_bytes", bytes->size()}, {"image_bytes", img->bytes.size()},
                       {"trailer_bytes", img->trailer_size}, {"hash", image::hash_name(img->hash_alg)}, {"digest", hex_string(img->digest)}};
    if (*fit) doc["max_image_bytes"] = **fit;
    print_json(doc);
  }
  return kExitOk;
}

void add_sign_layout_flags(CLI::App& c, SignArgs& a) {
  c.add_option("-H,--header-size", a.header_size, "Header size (0x200 is usual)")->required();
  c.add_flag("--pad-header", a.pad_header, "Prepend --header-size erased bytes to the input (else its first bytes must be 0)");
  c.add_option("-S,--slot-size", a.slot_size, "Slot size; image + trailer must fit")->required();
  c.add_flag("--pad", a.pad, "Pad to the slot size and write the trailer magic");
  c.add_flag("--confirm", a.confirm, "Set image_ok in the trailer (implies --pad)");
  c.add_option("--align", a.align, "Flash write alignment")->default_val(1)->check(CLI::IsMember({1, 2, 4, 8, 16, 32}));
  c.add_option("--max-align", a.max_align, "Trailer alignment (default: max(8, --align))")->check(CLI::IsMember({8, 16, 32}));
  c.add_flag("--overwrite-only", a.overwrite_only, "Trailer for the overwrite-only upgrade mode");
  c.add_option("--max-sectors", a.max_sectors, "Sectors the swap status area covers")->default_val(128);
  c.add_option("-R,--erased-val", a.erased_val, "Erased flash value: 0 or 0xff")->default_val("0xff");
  c.add_option("-x,--hex-addr", a.hex_addr, "Intel HEX output: base address");
  c.add_option("--strategy", a.strategy, "norboot: refuse an image this boot strategy could not hold in -S "
                                         "(overwrite, swap-scratch, swap-move, swap-offset, swap-pipeline)");
  c.add_option("--sector-size", a.sector_size, "norboot, with --strategy: erase sector of the slots")->default_val("4096");
  c.add_option("--primary-size", a.primary_size, "norboot, with --strategy: primary slot size (default: -S)");
}

void add_sign(CLI::App& tool) {
  auto a = std::make_shared<SignArgs>();
  CLI::App* c = tool.add_subcommand("sign", "Make an MCUboot image: header, TLVs (hash, key, signature), optional padding and trailer");
  c->add_option("-k,--key", a->key, "Private key (without: hash only)");
  c->add_option("--public-key-format", a->public_key_format, "hash (KEYHASH TLV) or full (PUBKEY TLV)")
      ->default_val("hash")
      ->check(CLI::IsMember({"hash", "full"}));
  c->add_option("-v,--version", a->version, "major.minor.revision+build")->required();
  c->add_option("-s,--security-counter", a->security_counter, "N, or auto (from the version)");
  c->add_option("-d,--dependencies", a->dependencies, "\"(image_id,version), …\"");
  c->add_option("-L,--load-addr", a->load_addr, "RAM load address (sets RAM_LOAD)");
  c->add_option("--rom-fixed", a->rom_fixed, "Fixed ROM address (sets ROM_FIXED)");
  c->add_flag("--non-bootable", a->non_bootable, "Mark the image non-bootable");
  c->add_option("--boot-record", a->boot_record, "Software type for a BOOT_RECORD TLV (at most 12 characters)");
  c->add_option("--custom-tlv", a->custom_tlvs, "TAG VALUE: protected TLV 0xa0..0xfffe; VALUE 0x… is hex, else text")
      ->type_size(2)
      ->allow_extra_args(false);
  c->add_option("--sha", a->sha, "Hash: auto, 256, 384, 512")->default_val("auto")->check(CLI::IsMember({"auto", "256", "384", "512"}));
  c->add_flag("--pure", a->pure, "Ed25519 over the image itself, not its digest");
  add_sign_layout_flags(*c, *a);
  c->add_flag("--json", a->json, "A JSON summary on stdout");
  c->add_option("infile", a->infile, "Input: binary, or Intel HEX by extension")->required();
  c->add_option("outfile", a->outfile, "Output: binary, or Intel HEX by extension (.hex)")->required();
  c->callback(run([a] { return run_sign(*a); }));
}

CommandRegistration reg{"imgtool", [](CLI::App& app) {
                          CLI::App* tool = app.add_subcommand("imgtool", "MCUboot image tool: imgtool 2.x's subcommands and flags");
                          tool->require_subcommand(1);
                          add_keygen(*tool);
                          add_key_outputs(*tool);
                          add_verify(*tool);
                          add_dumpinfo(*tool);
                          add_sign(*tool);
                        }};

}  // namespace
}  // namespace norboot::tools::cmd_imgtool
