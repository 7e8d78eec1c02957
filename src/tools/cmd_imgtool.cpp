// norboot imgtool keygen|getpub|getpubhash|getpriv|verify|dumpinfo|sign — MCUboot imgtool 2.x's
// subcommands and flag names, so existing scripts keep working (tools/imgtool/ holds the library,
// cmd_imgtool_sign.cpp the sign command). As with imgtool's click, a repeated single-valued
// option takes its last value (`--align 8 … --align 4` signs with 4).
// Exit codes (../shared/CLI.md): 0 done, 1 refused (invalid key, image, flag value), 2 usage
// (CLI11), 3 I/O (unreadable key or input, unwritable output).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "crypto_openssl/openssl_crypto.hpp"
#include "flash/ram_flash.hpp"
#include "image/tlv.hpp"
#include "image/validator.hpp"
#include "tools/command.hpp"
#include "tools/imgtool/dumpinfo.hpp"
#include "tools/imgtool/file_length.hpp"
#include "tools/imgtool/text_args.hpp"
#include "tools/imgtool/key_file.hpp"
#include "tools/imgtool/key_text.hpp"
#include "tools/imgtool_cli.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_imgtool {
namespace {

namespace it = norboot::tools::imgtool;
using namespace norboot::tools::imgtool_cli;
using Bytes = std::vector<std::byte>;

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
  std::string key, encoding, lang, name_suffix, output, sha = "auto", format = "pkcs8";
  bool minimal = false;
};

/// --name-suffix ends a C or Rust symbol: letters, digits and '_' only.
std::optional<std::string> bad_suffix(const std::string& suffix) {
  for (char c : suffix) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return fmt::format("--name-suffix '{}': '{}' cannot be part of a C or Rust name (letters, digits, '_')", suffix, c);
    }
  }
  return std::nullopt;
}

/// -e, or the deprecated -l c|rust (imgtool: lang-c when neither is given).
std::string encoding_of(const KeyOutArgs& a) {
  if (!a.encoding.empty()) return a.encoding;
  return a.lang == "rust" ? "lang-rust" : "lang-c";
}

/// The bytes as the chosen encoding: C or Rust array named `base` + suffix (Rust upper-case), or raw.
int emit_array(const KeyOutArgs& a, const std::string& base, std::span<const std::byte> bytes) {
  const std::string enc = encoding_of(a);
  if (enc == "raw") return emit(a.output, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (enc == "lang-rust") return emit(a.output, it::rust_array(upper(base + a.name_suffix), bytes));
  return emit(a.output, it::c_array(base + a.name_suffix, bytes));
}

int run_getpub(const KeyOutArgs& a) {
  if (auto bad = bad_suffix(a.name_suffix)) return report_message(*bad, false, kExitRefused);
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  if (encoding_of(a) == "pem") return emit(a.output, key->public_pem());
  return emit_array(a, std::string(it::key_shortname(key->type())) + "_pub_key", key->public_bytes());
}

int run_getpubhash(const KeyOutArgs& a) {
  if (auto bad = bad_suffix(a.name_suffix)) return report_message(*bad, false, kExitRefused);
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  image::HashAlg alg = image::HashAlg::kSha256;  // imgtool: auto is SHA-256 for every key type
  if (a.sha == "384") alg = image::HashAlg::kSha384;
  if (a.sha == "512") alg = image::HashAlg::kSha512;
  crypto_openssl::OpenSslCrypto crypto;
  Bytes digest(image::digest_size(alg));
  if (!image::hash_bytes(crypto, alg, key->public_bytes(), digest)) return report_message("hashing the public key failed", false, kExitRefused);
  return emit_array(a, std::string(it::key_shortname(key->type())) + "_pub_key_hash", digest);
}

int run_getpriv(const KeyOutArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error(), false);
  auto der = key->private_der(a.format, a.minimal);
  if (!der) return report_message(a.key + ": " + der.error().message, false, kExitRefused);
  return emit("", it::c_array(std::string(it::key_shortname(key->type())) + "_priv_key", *der));
}

/// -e/--encoding with imgtool's deprecated -l/--lang beside it (one or the other), --name-suffix, -o.
void add_encoding_flags(CLI::App& c, KeyOutArgs& a, std::vector<std::string> encodings, std::vector<std::string> langs) {
  std::string list;
  for (const auto& e : encodings) list += (list.empty() ? "" : ", ") + e;
  CLI::Option* enc = c.add_option("-e,--encoding", a.encoding, list + " (default lang-c)")->check(CLI::IsMember(std::move(encodings)));
  c.add_option("-l,--lang", a.lang, "Deprecated form of -e: c (lang-c) or rust (lang-rust)")->check(CLI::IsMember(std::move(langs)))->excludes(enc);
  c.add_option("--name-suffix", a.name_suffix, "Appended to the C/Rust symbol names, to embed several keys in one build");
  c.add_option("-o,--output", a.output, "Output file (default: stdout)");
}

void add_key_outputs(CLI::App& tool) {
  auto pub = std::make_shared<KeyOutArgs>();
  CLI::App* c = tool.add_subcommand("getpub", "Print the public key a bootloader embeds (C or Rust array, PEM, raw DER)");
  c->add_option("-k,--key", pub->key, "Key file (private or public PEM)")->required();
  add_encoding_flags(*c, *pub, {"lang-c", "lang-rust", "pem", "raw"}, {"c", "rust"});
  c->callback(run([pub] { return run_getpub(*pub); }));

  auto hash = std::make_shared<KeyOutArgs>();
  CLI::App* h = tool.add_subcommand("getpubhash", "Print the hash of the public key (what the KEYHASH TLV holds)");
  h->add_option("-k,--key", hash->key, "Key file (private or public PEM)")->required();
  add_encoding_flags(*h, *hash, {"lang-c", "lang-rust", "raw"}, {"c", "rust"});
  h->add_option("--sha", hash->sha, "auto (SHA-256), 256, 384, 512")->default_val("auto")->check(CLI::IsMember({"auto", "256", "384", "512"}));
  h->callback(run([hash] { return run_getpubhash(*hash); }));

  auto priv = std::make_shared<KeyOutArgs>();
  CLI::App* p = tool.add_subcommand("getpriv", "Print the private key as a C array (DER)");
  p->add_option("-k,--key", priv->key, "Private key file")->required();
  p->add_option("-f,--format", priv->format, "pkcs8 (default) or openssl")->default_val("pkcs8")->check(CLI::IsMember({"pkcs8", "openssl"}));
  p->add_flag("--minimal", priv->minimal, "Only what decryption needs: EC without its public key, RSA without dP, dQ, qInv");
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
  std::string image, output, format;
  bool json = false, silent = false;
};

/// imgtool: the dump on stdout (-f, default human) unless --silent, and in -o's file (-f, default
/// yaml). norboot's --json replaces the stdout text with its JSON document.
int write_dump(const DumpArgs& a, const it::Dump& d) {
  if (!a.output.empty()) {
    if (auto w = write_file(a.output, it::as_bytes(it::format_dump(d, a.format.empty() ? "yaml" : a.format))); !w) return report(w.error(), a.json);
  }
  if (a.silent || a.json) return kExitOk;
  const std::string text = it::format_dump(d, a.format.empty() ? "human" : a.format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

int run_dumpinfo(const DumpArgs& a) {
  auto file = load_image_file(a.image);
  if (!file) return report(file.error(), a.json);
  const std::string name = a.image.substr(a.image.find_last_of('/') + 1);
  const it::Dump d = it::dump_image(file->bytes, name);
  // A file cut short: say where it ends and what the header asked for, not a slot-range error.
  const auto cut = d.problem ? it::truncation_message(file->bytes) : std::nullopt;
  if (const int rc = write_dump(a, d); rc != kExitOk) return rc;
  if (a.json) {
    nlohmann::json doc = d.json;
    if (d.problem) {
      doc["error"] = {{"code", std::string(core::errc_name(d.problem->code))}, {"message", cut ? a.image + ": " + *cut : describe(*d.problem)}};
    }
    print_json(doc);
    return d.problem ? exit_for(*d.problem) : kExitOk;
  }
  if (cut) return report_message(a.image + ": " + *cut, false, kExitRefused);
  return d.problem ? report_error(*d.problem, false) : kExitOk;
}

void add_dumpinfo(CLI::App& tool) {
  auto a = std::make_shared<DumpArgs>();
  CLI::App* c = tool.add_subcommand("dumpinfo", "Print an image's header, TLV areas and trailer (as far as the file goes)");
  c->add_option("imgfile", a->image, "Image (binary, or Intel HEX by extension)")->required();
  c->add_option("-o,--outfile", a->output, "Also write the information to this file (yaml unless -f says otherwise)");
  c->add_option("-f,--format", a->format, "human, yaml or json (default: human on stdout, yaml in -o's file)")
      ->check(CLI::IsMember({"human", "yaml", "json"}));
  c->add_flag("-s,--silent", a->silent, "Print nothing on stdout (errors still go to stderr)");
  c->add_flag("--json", a->json, "norboot's JSON document on stdout instead of the text");
  c->callback(run([a] { return run_dumpinfo(*a); }));
}

}  // namespace

namespace {

CommandRegistration reg{"imgtool", [](CLI::App& app) {
                          CLI::App* tool = app.add_subcommand("imgtool", "MCUboot image tool: imgtool 2.x's subcommands and flags");
                          tool->require_subcommand(1);
                          // click keeps the last of a repeated option; every subcommand inherits this.
                          tool->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
                          add_keygen(*tool);
                          add_key_outputs(*tool);
                          add_verify(*tool);
                          add_dumpinfo(*tool);
                          imgtool_cli::add_sign(*tool);
                        }};

}  // namespace
}  // namespace norboot::tools::cmd_imgtool
