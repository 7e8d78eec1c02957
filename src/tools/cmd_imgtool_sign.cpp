// norboot imgtool sign: MCUboot imgtool 2.x's `sign` with its flags (flags → SignRequest, build,
// slot fit, write). norboot's additions: --strategy (with --sector-size, --primary-size) checks the
// image against the boot core's slot arithmetic, as the bootloader will count it; --json.
// Not supported yet, refused with exit 1 before anything is read or written: -E/--encrypt and
// --compression lzma2|lzma2armthumb (the boot core refuses encrypted and compressed images too).
// --clear, --encrypt-keylen, --save-enctlv and --hmac-sha only shape an encrypted image: without
// -E they change nothing, in imgtool as here.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "boot/strategy.hpp"
#include "image/crypto.hpp"
#include "tools/imgtool/image_builder.hpp"
#include "tools/imgtool/signature_file.hpp"
#include "tools/imgtool/slot_fit.hpp"
#include "tools/imgtool/text_args.hpp"
#include "tools/imgtool/uuid_id.hpp"
#include "tools/imgtool_cli.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_imgtool_sign {
namespace {

namespace it = norboot::tools::imgtool;
using namespace norboot::tools::imgtool_cli;
using Bytes = std::vector<std::byte>;

struct SignArgs {
  std::string key, public_key_format = "hash", version, header_size, slot_size, load_addr, rom_fixed, hex_addr;
  std::string security_counter, dependencies, boot_record, erased_val = "0xff", sha = "auto", strategy;
  std::string sector_size = "4096", primary_size;
  std::vector<std::string> custom_tlvs, custom_tlv_files;  // tag, value|file, tag, value|file…
  uint32_t align = 1, max_align = 0, max_sectors = 128;
  bool pad_header = false, pad = false, confirm = false, test = false, overwrite_only = false, non_bootable = false, pure = false;
  bool json = false;
  // imgtool's encryption and compression flags (-E and --compression refused for now)
  std::string encrypt, encrypt_keylen = "128", hmac_sha = "auto", compression = "disabled";
  bool clear = false, save_enctlv = false;
  // external signing and identity
  std::string fix_sig, fix_sig_pubkey, sig_out, vector_to_sign, endian = "little", vid, cid;
  bool pad_sig = false;
  std::string infile, outfile;
};

/// Loaded keys and signature files; the request points into it.
struct SignInputs {
  std::optional<it::KeyFile> key, fixed_sig_key;
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

Got<Bytes> read_tlv_file(const std::string& tag, const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::unexpected(Failure{fmt::format("--custom-tlv-file {} {}: cannot read the file", tag, path), kExitIo});
  const std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return it::as_bytes(data);
}

/// --custom-tlv TAG VALUE… then --custom-tlv-file TAG FILE…, in that order (imgtool's), each tag once.
Got<std::vector<std::pair<uint16_t, Bytes>>> custom_tlvs(const SignArgs& a) {
  std::vector<std::pair<uint16_t, Bytes>> out;
  for (const auto* list : {&a.custom_tlvs, &a.custom_tlv_files}) {
    const std::string flag = list == &a.custom_tlvs ? "--custom-tlv" : "--custom-tlv-file";
    for (size_t i = 0; i + 1 < list->size(); i += 2) {
      const std::string& tag_text = (*list)[i];
      auto tag = it::parse_int(tag_text);
      if (!tag || *tag > 0xffff) return refused(fmt::format("{} tag \"{}\": expected a 16-bit number", flag, tag_text));
      for (const auto& [t, v] : out) {
        if (t == *tag) return refused(fmt::format("custom TLV 0x{:x} given twice (--custom-tlv / --custom-tlv-file)", *tag));
      }
      if (list == &a.custom_tlv_files) {
        auto data = read_tlv_file(tag_text, (*list)[i + 1]);
        if (!data) return std::unexpected(data.error());
        out.emplace_back(static_cast<uint16_t>(*tag), std::move(*data));
        continue;
      }
      auto value = it::parse_custom_tlv_value((*list)[i + 1]);
      if (!value) return refused(flag + " " + tag_text + ": " + value.error());
      out.emplace_back(static_cast<uint16_t>(*tag), std::move(*value));
    }
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

Got<void> identity(const SignArgs& a, it::SignRequest& r) {
  if (!a.vid.empty()) {
    auto v = it::vendor_uuid(a.vid);
    if (!v) return refused(v.error());
    r.vendor_id = *v;
  }
  if (!a.cid.empty()) {
    auto c = it::class_uuid(a.cid, r.vendor_id);
    if (!c) return refused(c.error());
    r.class_id = *c;
  }
  return {};
}

/// Header, protected-TLV and trailer fields: everything but keys, signatures and the payload.
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
  auto ids = identity(a, r);
  for (const Failure* f : {load ? nullptr : &load.error(), rom ? nullptr : &rom.error(), counter ? nullptr : &counter.error(),
                           tlvs ? nullptr : &tlvs.error(), trailer ? nullptr : &trailer.error(), ids ? nullptr : &ids.error()}) {
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
  r.test = a.test;
  r.pad_sig = a.pad_sig;
  r.endian = a.endian == "big" ? it::Endian::kBig : it::Endian::kLittle;
  r.vector = a.vector_to_sign == "payload" ? it::SignVector::kPayload : a.vector_to_sign == "digest" ? it::SignVector::kDigest : it::SignVector::kNone;
  return r;
}

/// Flags norboot cannot honour yet, and flag combinations that could only write a useless file.
Got<void> unsupported_or_useless(const SignArgs& a) {
  if (!a.encrypt.empty()) {
    return refused("-E/--encrypt " + a.encrypt + ": image encryption is not supported yet by norboot (its boot core refuses encrypted "
                   "images too); sign without -E");
  }
  if (a.compression != "disabled") {
    return refused("--compression " + a.compression + ": image compression is not supported yet by norboot (its boot core refuses "
                   "compressed images too); sign without --compression or with --compression disabled");
  }
  if (!a.sig_out.empty() && a.key.empty() && a.fix_sig.empty()) {
    return refused("--sig-out " + a.sig_out + ": an unsigned image has no signature to write; sign with -k or --fix-sig");
  }
  if (!a.sig_out.empty() && !a.vector_to_sign.empty()) {
    return refused("--sig-out with --vector-to-sign: nothing is signed yet; the signature comes from the external signer");
  }
  return {};
}

Got<void> load_keys(const SignArgs& a, it::SignRequest& r, SignInputs& in) {
  if (!a.key.empty()) {
    auto k = load_key(a.key);
    if (!k) return std::unexpected(k.error());
    in.key = std::move(*k);
  }
  if (!a.fix_sig_pubkey.empty()) {
    auto k = load_key(a.fix_sig_pubkey);
    if (!k) return std::unexpected(k.error());
    in.fixed_sig_key = std::move(*k);
  }
  if (!a.fix_sig.empty()) {
    auto sig = it::load_signature_file(a.fix_sig);
    if (!sig) return std::unexpected(Failure{"--fix-sig " + sig.error().message, sig.error().io ? kExitIo : kExitRefused});
    r.fixed_signature = std::move(*sig);
  }
  return {};
}

/// norboot's check: can the boot core hold this image with --strategy? (Only with --strategy, so
/// imgtool's flags alone behave exactly as imgtool does.)
Got<std::optional<uint32_t>> slot_fit(const SignArgs& a, const it::SignedImage& img, const it::SignRequest& r) {
  if (a.strategy.empty() || r.vector != it::SignVector::kNone) return std::optional<uint32_t>{};
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

void print_summary(const SignArgs& a, const it::SignedImage& img, size_t written, std::optional<uint32_t> fit) {
  nlohmann::json doc{{"output", a.outfile}, {"size_bytes", written}, {"image_bytes", img.bytes.size()},
                     {"trailer_bytes", img.trailer_size}, {"hash", image::hash_name(img.hash_alg)}, {"digest", hex_string(img.digest)}};
  if (!a.vector_to_sign.empty()) doc["vector"] = a.vector_to_sign;
  if (fit) doc["max_image_bytes"] = *fit;
  print_json(doc);
}

int run_sign(const SignArgs& a) {
  if (auto u = unsupported_or_useless(a); !u) return report(u.error(), a.json);
  auto req = sign_request(a);
  if (!req) return report(req.error(), a.json);
  SignInputs keys;
  if (auto k = load_keys(a, *req, keys); !k) return report(k.error(), a.json);
  req->key = keys.key ? &*keys.key : nullptr;
  req->fixed_sig_key = keys.fixed_sig_key ? &*keys.fixed_sig_key : nullptr;
  auto in = load_image_file(a.infile);
  if (!in) return report(in.error(), a.json);
  req->payload = std::move(in->bytes);
  req->base_addr = in->base_addr;
  const bool pad = a.pad || a.confirm || a.test;  // imgtool: a confirmed or test image needs its trailer
  auto img = it::build_image(*req);
  if (!img) return report_message(img.error(), a.json, kExitRefused);
  auto fit = slot_fit(a, *img, *req);
  if (!fit) return report(fit.error(), a.json);
  auto bytes = output_bytes(a, *img, *req, pad);
  if (!bytes) return report(bytes.error(), a.json);
  if (auto w = write_file(a.outfile, *bytes); !w) return report(w.error(), a.json);
  if (!a.sig_out.empty()) {
    if (auto w = write_file(a.sig_out, it::as_bytes(it::signature_base64(img->signature))); !w) return report(w.error(), a.json);
  }
  if (a.json) print_summary(a, *img, bytes->size(), *fit);
  return kExitOk;
}

template <typename T>
CLI::Option* choice(CLI::App& c, const std::string& name, T& var, const std::string& help, std::vector<std::string> values) {
  return c.add_option(name, var, help)->check(CLI::IsMember(std::move(values)));
}

void add_layout_flags(CLI::App& c, SignArgs& a) {
  c.add_option("-H,--header-size", a.header_size, "Header size (0x200 is usual)")->required();
  c.add_flag("--pad-header", a.pad_header, "Prepend --header-size erased bytes to the input (else its first bytes must be 0)");
  c.add_option("-S,--slot-size", a.slot_size, "Slot size; image + trailer must fit")->required();
  c.add_flag("--pad", a.pad, "Pad to the slot size and write the trailer magic");
  CLI::Option* confirm = c.add_flag("--confirm", a.confirm, "Set image_ok in the trailer (implies --pad)");
  c.add_flag("--test", a.test, "Mark the padded image for a test swap: magic written, image_ok left erased (implies --pad)")->excludes(confirm);
  c.add_option("--align", a.align, "Flash write alignment")->default_val(1)->check(CLI::IsMember({1, 2, 4, 8, 16, 32}));
  c.add_option("--max-align", a.max_align, "Trailer alignment (default: max(8, --align))")->check(CLI::IsMember({8, 16, 32}));
  c.add_flag("--overwrite-only", a.overwrite_only, "Trailer for the overwrite-only upgrade mode");
  c.add_option("-M,--max-sectors", a.max_sectors, "Sectors the swap status area covers")->default_val(128);
  c.add_option("-R,--erased-val", a.erased_val, "Erased flash value: 0 or 0xff")->default_val("0xff");
  c.add_option("-x,--hex-addr", a.hex_addr, "Intel HEX output: base address");
  choice(c, "-e,--endian", a.endian, "Byte order of the header, TLV headers and integer TLVs: little (default) or big", {"little", "big"});
  c.add_option("--strategy", a.strategy, "norboot: refuse an image this boot strategy could not hold in -S "
                                         "(overwrite, swap-scratch, swap-move, swap-offset, swap-pipeline)");
  c.add_option("--sector-size", a.sector_size, "norboot, with --strategy: erase sector of the slots")->default_val("4096");
  c.add_option("--primary-size", a.primary_size, "norboot, with --strategy: primary slot size (default: -S)");
}

void add_tlv_flags(CLI::App& c, SignArgs& a) {
  c.add_option("-v,--version", a.version, "major.minor.revision+build")->required();
  c.add_option("-s,--security-counter", a.security_counter, "N, or auto (from the version)");
  c.add_option("-d,--dependencies", a.dependencies, "\"(image_id,version), …\"");
  c.add_option("-L,--load-addr", a.load_addr, "RAM load address (sets RAM_LOAD)");
  c.add_option("-F,--rom-fixed", a.rom_fixed, "Fixed ROM address (sets ROM_FIXED)");
  c.add_flag("--non-bootable", a.non_bootable, "Mark the image non-bootable");
  c.add_option("--boot-record", a.boot_record, "Software type for a BOOT_RECORD TLV (at most 12 characters)");
  c.add_option("--custom-tlv", a.custom_tlvs, "TAG VALUE: protected TLV 0xa0..0xfffe; VALUE 0x… is hex, else text")
      ->type_size(2)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c.add_option("--custom-tlv-file", a.custom_tlv_files, "TAG FILE: protected TLV 0xa0..0xfffe holding FILE's bytes")
      ->type_size(2)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c.add_option("--vid", a.vid, "Vendor UUID TLV: a UUID, or the vendor's domain name (UUIDv5 in the DNS namespace)");
  c.add_option("--cid", a.cid, "Image class UUID TLV: a UUID, or a class name (UUIDv5 in the --vid namespace)");
}

void add_key_flags(CLI::App& c, SignArgs& a) {
  CLI::Option* key = c.add_option("-k,--key", a.key, "Private key (without: hash only; a public key with --vector-to-sign)");
  choice(c, "--public-key-format", a.public_key_format, "hash (KEYHASH TLV) or full (PUBKEY TLV)", {"hash", "full"})->default_val("hash");
  choice(c, "--sha", a.sha, "Hash: auto, 256, 384, 512", {"auto", "256", "384", "512"})->default_val("auto");
  c.add_flag("--pure", a.pure, "Ed25519 over the image itself, not its digest");
  c.add_flag("--pad-sig", a.pad_sig, "Zero-pad an ECDSA signature to its largest DER size (for MCUboot < 1.5)");
  CLI::Option* pub = c.add_option("--fix-sig-pubkey", a.fix_sig_pubkey, "Public key of the --fix-sig signature (its KEYHASH/PUBKEY)");
  c.add_option("--fix-sig", a.fix_sig, "Base64 file with a signature made elsewhere; used instead of signing (checked against "
                                       "--fix-sig-pubkey)")->needs(pub)->excludes(key);
  c.add_option("--sig-out", a.sig_out, "Also write the image signature, base64, to this file");
  choice(c, "--vector-to-sign", a.vector_to_sign, "Write what an external signer signs instead of the image: payload (header, "
         "payload, protected TLVs) or digest", {"payload", "digest"});
}

void add_encryption_flags(CLI::App& c, SignArgs& a) {
  c.add_option("-E,--encrypt", a.encrypt, "Encrypt with this public key: not supported yet (refused)");
  choice(c, "--encrypt-keylen", a.encrypt_keylen, "AES key length with -E: 128 or 256 (no effect without -E)", {"128", "256"})->default_val("128");
  c.add_flag("--save-enctlv", a.save_enctlv, "With -E: trailer room for encrypted key TLVs (no effect without -E)");
  c.add_flag("-c,--clear", a.clear, "With -E: leave the payload unencrypted (no effect without -E)");
  choice(c, "--hmac-sha", a.hmac_sha, "With -E: HKDF/HMAC hash of the key exchange: auto, 256, 512 (no effect without -E)",
         {"auto", "256", "512"})->default_val("auto");
  choice(c, "--compression", a.compression, "disabled (default); lzma2 and lzma2armthumb are not supported yet (refused)",
         {"disabled", "lzma2", "lzma2armthumb"})->default_val("disabled");
}

}  // namespace
}  // namespace norboot::tools::cmd_imgtool_sign

namespace norboot::tools::imgtool_cli {

void add_sign(CLI::App& tool) {
  using namespace cmd_imgtool_sign;
  auto a = std::make_shared<SignArgs>();
  CLI::App* c = tool.add_subcommand("sign", "Make an MCUboot image: header, TLVs (hash, key, signature), optional padding and trailer");
  c->alias("create");  // imgtool's alias
  add_key_flags(*c, *a);
  add_tlv_flags(*c, *a);
  add_layout_flags(*c, *a);
  add_encryption_flags(*c, *a);
  c->add_flag("--json", a->json, "A JSON summary on stdout");
  c->add_option("infile", a->infile, "Input: binary, or Intel HEX by extension")->required();
  c->add_option("outfile", a->outfile, "Output: binary, or Intel HEX by extension (.hex)")->required();
  c->callback(run([a] { return run_sign(*a); }));
}

}  // namespace norboot::tools::imgtool_cli
