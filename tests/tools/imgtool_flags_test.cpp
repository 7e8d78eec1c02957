// imgtool 2.4.0's flags that norboot lacked (issue 13 item 2), run as a user runs them, against
// MCUboot imgtool's own vectors (../shared/vectors/imgtool) wherever they can decide:
//   --fix-sig with a vector's own signature must give imgtool's file byte for byte, and
//   --vector-to-sign payload must give the vector's hashed region;
//   -l/--lang output must be imgtool's .pub.c/.pub.rs; dumpinfo -f human imgtool's text;
//   repeated options take their last value (click) and still give imgtool's bytes.
// Where no vector exists the expectation comes from outside norboot: the OpenSSL command line
// (--pad-sig, getpriv --minimal, signatures), Nordic's published UUIDv5 values (--vid/--cid),
// the header layout read back by hand (--endian big).
// NORBOOT_TEST_BIN, when set, runs another norboot binary (how these were checked to fail on main).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace norboot::tools::imgtool_flags_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string vectors_dir() { return std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool"; }
std::string vector_path(const std::string& rel) { return vectors_dir() + "/" + rel; }

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& data) { std::ofstream(path, std::ios::binary) << data; }

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct CliRun {
  int exit = -1;
  std::string out, err;
};

std::string binary() {
  const char* other = std::getenv("NORBOOT_TEST_BIN");
  return other != nullptr ? other : NORBOOT_BIN;
}

/// Runs a shell command line; stdout captured, stderr through a file.
CliRun shell(const std::string& line) {
  static int counter = 0;
  const fs::path err_file = fs::temp_directory_path() / ("norboot-flags-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".err");
  CliRun r;
  FILE* p = popen(("( " + line + " ) </dev/null 2>" + quote(err_file.string())).c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(err_file.string());
  fs::remove(err_file);
  return r;
}

/// `norboot <args>` run from the vectors folder (the manifest's relative paths work).
CliRun norboot(const std::vector<std::string>& args) {
  std::string cmd = "cd " + quote(vectors_dir()) + " && " + quote(binary());
  for (const std::string& a : args) cmd += " " + quote(a);
  return shell(cmd);
}

bool one_line_error(const std::string& err) {
  if (err.rfind("error: ", 0) != 0) return false;
  const size_t first = err.find('\n');
  return first == std::string::npos || first + 1 == err.size() || err.compare(first + 1, 6, "hint: ") == 0;
}

const json& manifest() {
  static const json m = json::parse(read_text(vector_path("manifest.json")));
  return m;
}

const json& manifest_entry(const std::string& path) {
  for (const json& f : manifest()["files"]) {
    if (f["path"] == path) return f;
  }
  ADD_FAILURE() << "no manifest entry " << path;
  static const json none;
  return none;
}

/// A manifest command as argv ("imgtool sign … -d '(1,1.2.0+0)' in out").
std::vector<std::string> split_command(const std::string& cmd) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false, quoted = false;
  for (char c : cmd) {
    if (c == '\'') {
      quoted = !quoted;
      in_word = true;
    } else if (c == ' ' && !quoted) {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("norboot-flags-" + std::to_string(getpid()) + "-" + test_name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  static std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
  fs::path path_;
};

std::string unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

json dumpinfo_json(const std::string& path) {
  const CliRun r = norboot({"imgtool", "dumpinfo", "--json", path});
  EXPECT_EQ(r.exit, 0) << path << ": " << r.err;
  return r.exit == 0 ? json::parse(r.out) : json::object();
}

bool is_signature_tlv(const std::string& type) { return type == "0x20" || type == "0x22" || type == "0x23" || type == "0x24"; }

/// The signature TLV value of an image (raw bytes), empty when there is none.
std::string signature_of(const std::string& path) {
  const json d = dumpinfo_json(path);  // kept alive: the loop walks into it
  for (const json& e : d["tlvs"]["entries"]) {
    if (is_signature_tlv(e["type"])) return unhex(e["value"]);
  }
  return "";
}

/// The manifest's sign command for `path` with -k KEY replaced by `replacement`, writing `out`.
std::vector<std::string> resign_args(const json& entry, const std::vector<std::string>& replacement, const std::string& out) {
  std::vector<std::string> args = split_command(entry["command"]);
  std::vector<std::string> result;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-k") {
      result.insert(result.end(), replacement.begin(), replacement.end());
      ++i;
      continue;
    }
    result.push_back(args[i]);
  }
  result.back() = out;
  return result;
}

std::string base64_of(const TempDir& tmp, const std::string& raw) {
  write_text(tmp / "raw.sig", raw);
  return shell("openssl base64 -A -in " + quote(tmp / "raw.sig")).out;
}

constexpr const char* kEd25519Args[] = {"-k", "keys/ed25519.pem", "--header-size", "0x200", "--pad-header", "--align", "4",
                                        "-v", "1.2.3+4", "-S", "0x73000"};

std::vector<std::string> ed25519_sign(std::vector<std::string> extra, const std::string& out) {
  std::vector<std::string> a{"imgtool", "sign"};
  a.insert(a.end(), std::begin(kEd25519Args), std::end(kEd25519Args));
  a.insert(a.end(), extra.begin(), extra.end());
  a.push_back("payloads/payload_1k.bin");
  a.push_back(out);
  return a;
}

// ---- click's rules: last value wins, unknown flags named ----------------------------------

TEST(ImgtoolFlags, RepeatedOptions_LastValueWins_StillImgtoolsBytes) {
  TempDir tmp;
  // imgtool accepts `--align 8 … --align 4` and signs with 4: the vector was made with --align 4.
  const CliRun r = norboot(ed25519_sign({"--align", "8", "-v", "9.9.9", "-v", "1.2.3+4", "--align", "4", "-S", "0x1000", "-S", "0x73000"},
                                        tmp / "out.bin"));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "out.bin"), read_text(vector_path("images/ed25519_1k.bin")));
  const CliRun pub = norboot({"imgtool", "getpub", "-k", "keys/ed25519.pem", "-e", "pem", "-e", "lang-c"});
  EXPECT_EQ(pub.exit, 0) << pub.err;
  EXPECT_EQ(pub.out, read_text(vector_path("keys/ed25519.pub.c")));
}

TEST(ImgtoolFlags, UnknownFlag_NamedInAUsageError) {
  TempDir tmp;
  const CliRun r = norboot(ed25519_sign({"-X", "keys/ecdsa-p256.pub.pem"}, tmp / "out.bin"));
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(one_line_error(r.err)) << r.err;
  EXPECT_NE(r.err.find("unknown option -X"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("norboot imgtool sign"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("were not expected"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "out.bin"));
  const CliRun g = norboot({"imgtool", "getpub", "-k", "keys/ed25519.pem", "--no-such=1"});
  EXPECT_EQ(g.exit, 2);
  EXPECT_NE(g.err.find("unknown option --no-such"), std::string::npos) << g.err;
}

// ---- encryption and compression: refused until they exist; their companions inert ---------

TEST(ImgtoolFlags, EncryptAndCompression_RefusedAsNotSupportedYet_NothingWritten) {
  TempDir tmp;
  const std::vector<std::vector<std::string>> cases{{"-E", "keys/ecdsa-p256.pub.pem"},
                                                    {"--encrypt", "keys/ecdsa-p256.pub.pem", "--encrypt-keylen", "256"},
                                                    {"--compression", "lzma2"},
                                                    {"--compression", "lzma2armthumb"}};
  for (const auto& c : cases) {
    const CliRun r = norboot(ed25519_sign(c, tmp / "out.bin"));
    EXPECT_EQ(r.exit, 1) << c[0] << ": " << r.err;
    EXPECT_TRUE(one_line_error(r.err)) << r.err;
    EXPECT_NE(r.err.find(c[0] == "--compression" ? "--compression" : "--encrypt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not supported yet"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "out.bin"));
  }
}

TEST(ImgtoolFlags, EncryptionCompanionsWithoutEncrypt_ChangeNothing) {
  TempDir tmp;
  // imgtool: --clear, --encrypt-keylen, --save-enctlv and --hmac-sha only shape an encrypted
  // image; without -E the output is the plain signed image.
  const CliRun r = norboot(ed25519_sign({"--clear", "--encrypt-keylen", "256", "--save-enctlv", "--hmac-sha", "512", "--compression",
                                         "disabled", "-e", "little"},
                                        tmp / "out.bin"));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "out.bin"), read_text(vector_path("images/ed25519_1k.bin")));
  EXPECT_EQ(norboot(ed25519_sign({"--hmac-sha", "384"}, tmp / "x.bin")).exit, 2);
  EXPECT_EQ(norboot(ed25519_sign({"--encrypt-keylen", "192"}, tmp / "x.bin")).exit, 2);
}

// ---- external signing: --vector-to-sign, --fix-sig, --sig-out -----------------------------

TEST(ImgtoolFlags, FixSig_WithEachVectorsOwnSignature_ByteIdenticalToImgtool) {
  TempDir tmp;
  int compared = 0;
  for (const json& f : manifest()["files"]) {
    if (f["kind"] != "image" || f.value("byte_reproducible_with_same_key", false) || f["key"].is_null()) continue;
    const std::string path = f["path"];
    const std::string key = f["key"];
    const std::string sig = signature_of(vector_path(path));
    ASSERT_FALSE(sig.empty()) << path;
    write_text(tmp / "sig.b64", base64_of(tmp, sig));
    const std::string out = tmp / fs::path(path).filename().string();
    const std::string pub = key.substr(0, key.size() - 4) + ".pub.pem";
    const CliRun r = norboot(resign_args(f, {"--fix-sig", tmp / "sig.b64", "--fix-sig-pubkey", pub}, out));
    ASSERT_EQ(r.exit, 0) << f["command"] << "\n" << r.err;
    EXPECT_EQ(read_text(out), read_text(vector_path(path))) << path << " differs from imgtool's output";
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(ImgtoolFlags, VectorToSign_PayloadIsTheHashedRegion_DigestItsHash) {
  TempDir tmp;
  for (const char* name : {"images/ecdsa_p256_1k.bin", "images/ecdsa_p256_seccnt7.bin", "images/rsa2048_1k.bin", "images/ecdsa_p256_bootrecord.bin"}) {
    const json& f = manifest_entry(name);
    const std::string key = f["key"];
    const std::string pub = key.substr(0, key.size() - 4) + ".pub.pem";
    // A public key is enough: nothing is signed.
    ASSERT_EQ(norboot(resign_args(f, {"-k", pub, "--vector-to-sign", "payload"}, tmp / "payload.bin")).exit, 0) << name;
    ASSERT_EQ(norboot(resign_args(f, {"--fix-sig-pubkey", pub, "--vector-to-sign", "digest"}, tmp / "digest.bin")).exit, 0) << name;
    const uint64_t hashed = f["parsed"]["hashed_range"][1].get<uint64_t>();
    EXPECT_EQ(read_text(tmp / "payload.bin"), read_text(vector_path(name)).substr(0, hashed)) << name;
    EXPECT_EQ(read_text(tmp / "digest.bin"), unhex(f["parsed"]["sha256_of_hashed_range"])) << name;
  }
}

TEST(ImgtoolFlags, ExternalSigning_OpenSslSignsThePayload_FixSigImageVerifies) {
  TempDir tmp;
  const std::vector<std::string> common{"imgtool", "sign", "-H", "0x200", "--pad-header", "--align", "4", "-v", "2.0.1", "-S", "0x73000", "-s", "3"};
  auto with = [&](std::vector<std::string> extra, const std::string& out) {
    std::vector<std::string> a = common;
    a.insert(a.end(), extra.begin(), extra.end());
    a.push_back("payloads/payload_4097.bin");
    a.push_back(out);
    return a;
  };
  ASSERT_EQ(norboot(with({"--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem", "--vector-to-sign", "payload"}, tmp / "payload.bin")).exit, 0);
  ASSERT_EQ(shell("openssl dgst -sha256 -sign " + quote(vector_path("keys/ecdsa-p256.pem")) + " -out " + quote(tmp / "sig.der") + " " +
                  quote(tmp / "payload.bin")).exit, 0);
  write_text(tmp / "sig.b64", shell("openssl base64 -in " + quote(tmp / "sig.der")).out);  // with line breaks
  const CliRun r = norboot(with({"--fix-sig", tmp / "sig.b64", "--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem", "--sig-out", tmp / "out.b64"},
                                tmp / "img.bin"));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(norboot({"imgtool", "verify", "-k", "keys/ecdsa-p256.pem", tmp / "img.bin"}).exit, 0);
  EXPECT_EQ(shell("openssl base64 -d -A -in " + quote(tmp / "out.b64")).out, read_text(tmp / "sig.der"));
  // The same signature under other flags (another version): refused, naming the mismatch.
  std::vector<std::string> other = with({"--fix-sig", tmp / "sig.b64", "--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem"}, tmp / "bad.bin");
  other[8] = "2.0.2";
  const CliRun bad = norboot(other);
  EXPECT_EQ(bad.exit, 1);
  EXPECT_TRUE(one_line_error(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("--fix-sig"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(tmp / "bad.bin"));
  // --fix-sig needs --fix-sig-pubkey and excludes -k (usage errors); a non-base64 file is refused.
  EXPECT_EQ(norboot(with({"--fix-sig", tmp / "sig.b64"}, tmp / "bad.bin")).exit, 2);
  EXPECT_EQ(norboot(with({"--fix-sig", tmp / "sig.b64", "--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem", "-k", "keys/ecdsa-p256.pem"}, tmp / "bad.bin")).exit, 2);
  write_text(tmp / "junk.b64", "not base64!");
  const CliRun junk = norboot(with({"--fix-sig", tmp / "junk.b64", "--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem"}, tmp / "bad.bin"));
  EXPECT_EQ(junk.exit, 1);
  EXPECT_NE(junk.err.find("junk.b64"), std::string::npos) << junk.err;
  EXPECT_EQ(norboot(with({"--fix-sig", tmp / "none.b64", "--fix-sig-pubkey", "keys/ecdsa-p256.pub.pem"}, tmp / "bad.bin")).exit, 3);
}

TEST(ImgtoolFlags, SigOut_IsTheSignatureTlvInBase64) {
  TempDir tmp;
  ASSERT_EQ(norboot(ed25519_sign({"--sig-out", tmp / "sig.b64"}, tmp / "out.bin")).exit, 0);
  EXPECT_EQ(read_text(tmp / "out.bin"), read_text(vector_path("images/ed25519_1k.bin")));
  EXPECT_EQ(read_text(tmp / "sig.b64"), base64_of(tmp, signature_of(vector_path("images/ed25519_1k.bin"))));
  const CliRun unsigned_image = norboot({"imgtool", "sign", "-H", "0x200", "--pad-header", "-v", "1.0.0", "-S", "0x73000", "--sig-out",
                                         tmp / "s.b64", "payloads/payload_1k.bin", tmp / "u.bin"});
  EXPECT_EQ(unsigned_image.exit, 1);
  EXPECT_TRUE(one_line_error(unsigned_image.err)) << unsigned_image.err;
  EXPECT_FALSE(fs::exists(tmp / "u.bin"));
}

TEST(ImgtoolFlags, PadSig_EcdsaSignaturePaddedTo72Bytes_DerStillVerifies) {
  TempDir tmp;
  int padded = 0;
  for (int i = 0; i < 8; ++i) {
    const CliRun r = norboot({"imgtool", "sign", "-k", "keys/ecdsa-p256.pem", "-H", "0x200", "--pad-header", "-v", "1.0.0", "-S", "0x73000",
                              "--pad-sig", "payloads/payload_1k.bin", tmp / "img.bin"});
    ASSERT_EQ(r.exit, 0) << r.err;
    const std::string sig = signature_of(tmp / "img.bin");
    ASSERT_EQ(sig.size(), 72u);
    const size_t der = 2 + static_cast<unsigned char>(sig[1]);
    EXPECT_EQ(sig.substr(der), std::string(72 - der, '\0'));
    padded += der < 72 ? 1 : 0;
    const json d = dumpinfo_json(tmp / "img.bin");
    const size_t hashed = std::stoul(d["tlvs"]["offset"].get<std::string>(), nullptr, 16);
    write_text(tmp / "msg.bin", read_text(tmp / "img.bin").substr(0, hashed));
    write_text(tmp / "sig.der", sig.substr(0, der));
    EXPECT_EQ(shell("openssl dgst -sha256 -verify " + quote(vector_path("keys/ecdsa-p256.pub.pem")) + " -signature " + quote(tmp / "sig.der") +
                    " " + quote(tmp / "msg.bin")).exit, 0);
  }
  EXPECT_GT(padded, 0) << "8 signatures, none shorter than 72 bytes: the padding was never exercised";
}

// ---- trailer, TLVs, byte order -------------------------------------------------------------

TEST(ImgtoolFlags, Test_PadsWithMagicAndLeavesImageOkErased) {
  TempDir tmp;
  // imgtool's --pad vector with --max-align 16: --test gives the same slot tail (magic, nothing set).
  const json& f = manifest_entry("images/ecdsa_p256_1k_pad_align4_maxalign16.bin");
  std::vector<std::string> args = resign_args(f, {"-k", "keys/ecdsa-p256.pem"}, tmp / "test.bin");
  std::replace(args.begin(), args.end(), std::string("--pad"), std::string("--test"));
  const CliRun r = norboot(args);
  ASSERT_EQ(r.exit, 0) << r.err;
  const std::string ours = read_text(tmp / "test.bin"), theirs = read_text(vector_path(f["path"]));
  ASSERT_EQ(ours.size(), theirs.size());
  EXPECT_EQ(ours.substr(ours.size() - 0x1000), theirs.substr(theirs.size() - 0x1000));
  EXPECT_EQ(dumpinfo_json(tmp / "test.bin")["trailer"]["image_ok"], "0xff");
  const CliRun both = norboot(ed25519_sign({"--test", "--confirm"}, tmp / "both.bin"));
  EXPECT_EQ(both.exit, 2) << both.err;
}

TEST(ImgtoolFlags, CustomTlvFile_SameProtectedTlvsAsCustomTlv) {
  TempDir tmp;
  // The vector: --custom-tlv 0xa0 0xdeadbeef --custom-tlv 0xa1 hello. The same values from files.
  const json& f = manifest_entry("images/ecdsa_p256_custom_tlv.bin");
  write_text(tmp / "a0.bin", unhex("deadbeef"));
  write_text(tmp / "a1.bin", "hello");
  std::vector<std::string> args = resign_args(f, {"-k", "keys/ecdsa-p256.pem"}, tmp / "out.bin");
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--custom-tlv") continue;
    args[i] = "--custom-tlv-file";
    args[i + 2] = tmp / (args[i + 1].substr(2) + ".bin");
  }
  const CliRun r = norboot(args);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(dumpinfo_json(tmp / "out.bin")["protected_tlvs"], dumpinfo_json(vector_path(f["path"]))["protected_tlvs"]);
  // A tag given by both flags, a missing file.
  const CliRun twice = norboot(ed25519_sign({"--custom-tlv", "0xa0", "0x01", "--custom-tlv-file", "0xa0", tmp / "a1.bin"}, tmp / "x.bin"));
  EXPECT_EQ(twice.exit, 1);
  EXPECT_NE(twice.err.find("0xa0"), std::string::npos) << twice.err;
  const CliRun missing = norboot(ed25519_sign({"--custom-tlv-file", "0xa2", tmp / "none.bin"}, tmp / "x.bin"));
  EXPECT_EQ(missing.exit, 3);
  EXPECT_NE(missing.err.find("none.bin"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(tmp / "x.bin"));
}

TEST(ImgtoolFlags, VidCid_NamesBecomeUuidV5_RawUuidsKept) {
  TempDir tmp;
  // Nordic publishes uuid5(NAMESPACE_DNS, "nordicsemi.com") and uuid5(that, "unspecified_class").
  ASSERT_EQ(norboot(ed25519_sign({"--vid", "nordicsemi.com", "--cid", "unspecified_class"}, tmp / "a.bin")).exit, 0);
  const json a = dumpinfo_json(tmp / "a.bin")["protected_tlvs"]["entries"];
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0]["type"], "0x74");
  EXPECT_EQ(a[0]["value"], "7617daa571fd5a858f94e28d735ce9f4");
  EXPECT_EQ(a[1]["type"], "0x75");
  EXPECT_EQ(a[1]["value"], "cad8523af8295a9aba852ea0b2f577c9");
  ASSERT_EQ(norboot(ed25519_sign({"--vid", "7617DAA5-71FD-5A85-8F94-E28D735CE9F4", "--cid", "00112233-4455-6677-8899-aabbccddeeff"},
                                 tmp / "b.bin")).exit, 0);
  const json b = dumpinfo_json(tmp / "b.bin")["protected_tlvs"]["entries"];
  EXPECT_EQ(b[0]["value"], "7617daa571fd5a858f94e28d735ce9f4");
  EXPECT_EQ(b[1]["value"], "00112233445566778899aabbccddeeff");
  EXPECT_EQ(norboot({"imgtool", "verify", "-k", "keys/ed25519.pem", tmp / "a.bin"}).exit, 0);
  const CliRun alone = norboot(ed25519_sign({"--cid", "unspecified_class"}, tmp / "c.bin"));
  EXPECT_EQ(alone.exit, 1);
  EXPECT_TRUE(one_line_error(alone.err)) << alone.err;
  EXPECT_NE(alone.err.find("--vid"), std::string::npos) << alone.err;
}

uint32_t be32(const std::string& b, size_t at) {
  return (uint32_t{static_cast<unsigned char>(b[at])} << 24) | (uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) | static_cast<unsigned char>(b[at + 3]);
}
uint16_t be16(const std::string& b, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]));
}

TEST(ImgtoolFlags, EndianBig_HeaderTlvHeadersAndIntegersBigEndian) {
  TempDir tmp;
  const std::vector<std::string> extra{"-s", "7", "-d", "(1,1.2.0+5)", "--custom-tlv", "0xa0", "0x0102", "--max-align", "16", "--pad"};
  std::vector<std::string> be = extra;
  be.insert(be.end(), {"-e", "big"});
  ASSERT_EQ(norboot(ed25519_sign(extra, tmp / "le.bin")).exit, 0);
  ASSERT_EQ(norboot(ed25519_sign(be, tmp / "be.bin")).exit, 0);
  const json le = dumpinfo_json(tmp / "le.bin");
  const std::string b = read_text(tmp / "be.bin");
  ASSERT_EQ(b.size(), read_text(tmp / "le.bin").size());
  EXPECT_EQ(be32(b, 0), 0x96f3b83du);                                            // magic
  EXPECT_EQ(be16(b, 8), le["header"]["hdr_size_bytes"].get<uint16_t>());         // hdr_size
  EXPECT_EQ(be16(b, 10), le["header"]["protected_tlv_size_bytes"].get<uint16_t>());
  EXPECT_EQ(be32(b, 12), le["header"]["img_size_bytes"].get<uint32_t>());
  EXPECT_EQ(be16(b, 22), 3u);                                                    // revision
  EXPECT_EQ(be32(b, 24), 4u);                                                    // build
  const size_t prot = 0x200 + 1024;
  EXPECT_EQ(be16(b, prot), 0x6908u);
  EXPECT_EQ(be16(b, prot + 2), le["protected_tlvs"]["size_bytes"].get<uint16_t>());
  // SEC_CNT: imgtool packs its own kinds as type byte, 0 byte, u16 length; then the u32 value.
  EXPECT_EQ(b.substr(prot + 4, 4), std::string("\x50\x00\x00\x04", 4));
  EXPECT_EQ(be32(b, prot + 8), 7u);
  // DEPENDENCY: image 1, 3 pad bytes, 1.2.0+5 with revision and build big-endian.
  EXPECT_EQ(b.substr(prot + 12, 20), std::string("\x40\x00\x00\x0c\x01\x00\x00\x00\x01\x02\x00\x00\x00\x00\x00\x05\x00\xa0\x00\x02", 20));
  const size_t unprot = prot + le["protected_tlvs"]["size_bytes"].get<size_t>();
  EXPECT_EQ(be16(b, unprot), 0x6907u);
  // The SHA-256 TLV is the hash of the big-endian bytes; the trailer magic's alignment is big-endian.
  write_text(tmp / "hashed.bin", b.substr(0, unprot));
  const std::string sha = shell("openssl dgst -sha256 -r " + quote(tmp / "hashed.bin")).out.substr(0, 64);
  EXPECT_EQ(b.substr(unprot + 4, 4), std::string("\x10\x00\x00\x20", 4));
  EXPECT_EQ(b.substr(unprot + 8, 32), unhex(sha));
  EXPECT_EQ(b.substr(b.size() - 16, 2), std::string("\x00\x10", 2));
  EXPECT_EQ(read_text(tmp / "le.bin").substr(b.size() - 16, 2), std::string("\x10\x00", 2));
}

TEST(ImgtoolFlags, ShortFlags_F_And_M_AsImgtool) {
  TempDir tmp;
  const json& f = manifest_entry("images/ecdsa_p256_romfixed.bin");
  std::vector<std::string> args = resign_args(f, {"-k", "keys/ecdsa-p256.pem"}, tmp / "out.bin");
  std::replace(args.begin(), args.end(), std::string("--rom-fixed"), std::string("-F"));
  ASSERT_EQ(norboot(args).exit, 0);
  EXPECT_EQ(dumpinfo_json(tmp / "out.bin")["header"], dumpinfo_json(vector_path(f["path"]))["header"]);
  ASSERT_EQ(norboot(ed25519_sign({"-M", "64", "--pad"}, tmp / "m.bin")).exit, 0);
  ASSERT_EQ(norboot(ed25519_sign({"--max-sectors", "64", "--pad"}, tmp / "n.bin")).exit, 0);
  EXPECT_EQ(read_text(tmp / "m.bin"), read_text(tmp / "n.bin"));
}

// ---- key outputs ---------------------------------------------------------------------------

TEST(ImgtoolFlags, Getpub_Lang_IsImgtoolsOutput) {
  for (const char* key : {"ecdsa-p256", "ed25519", "rsa-2048"}) {
    const std::string pem = std::string("keys/") + key + ".pem";
    const CliRun c = norboot({"imgtool", "getpub", "-k", pem, "-l", "c"});
    EXPECT_EQ(c.exit, 0) << c.err;
    EXPECT_EQ(c.out, read_text(vector_path(std::string("keys/") + key + ".pub.c")));
    const CliRun rust = norboot({"imgtool", "getpub", "-k", pem, "--lang", "rust"});
    EXPECT_EQ(rust.out, read_text(vector_path(std::string("keys/") + key + ".pub.rs")));
  }
  EXPECT_EQ(norboot({"imgtool", "getpub", "-k", "keys/ed25519.pem", "-l", "c", "-e", "pem"}).exit, 2);
  EXPECT_EQ(norboot({"imgtool", "getpub", "-k", "keys/ed25519.pem", "-l", "go"}).exit, 2);
}

TEST(ImgtoolFlags, NameSuffix_EndsEverySymbolName) {
  const std::string c = read_text(vector_path("keys/ecdsa-p256.pub.c"));
  const CliRun r = norboot({"imgtool", "getpub", "-k", "keys/ecdsa-p256.pem", "--name-suffix", "_prod"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, std::regex_replace(c, std::regex("ecdsa_pub_key"), "ecdsa_pub_key_prod"));
  const CliRun rust = norboot({"imgtool", "getpub", "-k", "keys/ecdsa-p256.pem", "-e", "lang-rust", "--name-suffix", "_prod"});
  EXPECT_EQ(rust.out, std::regex_replace(read_text(vector_path("keys/ecdsa-p256.pub.rs")), std::regex("ECDSA_PUB_KEY"), "ECDSA_PUB_KEY_PROD"));
  const CliRun hash = norboot({"imgtool", "getpubhash", "-k", "keys/ecdsa-p256.pem", "--name-suffix", "_2", "-l", "c"});
  EXPECT_EQ(hash.out, std::regex_replace(read_text(vector_path("keys/ecdsa-p256.pubhash.txt")), std::regex("ecdsa_pub_key_hash"),
                                         "ecdsa_pub_key_hash_2"));
  const CliRun bad = norboot({"imgtool", "getpub", "-k", "keys/ecdsa-p256.pem", "--name-suffix", "-1"});
  EXPECT_EQ(bad.exit, 1);
  EXPECT_TRUE(one_line_error(bad.err)) << bad.err;
}

/// The bytes of a getpriv C array.
std::string c_array_bytes(const std::string& text) {
  std::string out;
  const std::regex byte_re("0x([0-9a-f]{2}),");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), byte_re); it != std::sregex_iterator(); ++it) out += unhex((*it)[1]);
  return out;
}

TEST(ImgtoolFlags, GetprivMinimal_EcKeyWithoutPublicPart_AsOpenSslWritesIt) {
  TempDir tmp;
  const std::string key = vector_path("keys/ecdsa-p256.pem");
  const std::string trad = shell("openssl ec -in " + quote(key) + " -no_public -outform DER 2>/dev/null").out;
  const std::string pkcs8 = shell("openssl ec -in " + quote(key) + " -no_public 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -outform DER").out;
  ASSERT_FALSE(trad.empty());
  EXPECT_EQ(c_array_bytes(norboot({"imgtool", "getpriv", "-k", "keys/ecdsa-p256.pem", "-f", "openssl", "--minimal"}).out), trad);
  EXPECT_EQ(c_array_bytes(norboot({"imgtool", "getpriv", "-k", "keys/ecdsa-p256.pem", "--minimal"}).out), pkcs8);
  EXPECT_LT(pkcs8.size(), c_array_bytes(norboot({"imgtool", "getpriv", "-k", "keys/ecdsa-p256.pem"}).out).size());
}

TEST(ImgtoolFlags, GetprivMinimal_RsaKeepsNEDPQOnly) {
  TempDir tmp;
  for (const char* format : {"openssl", "pkcs8"}) {
    const std::string full = c_array_bytes(norboot({"imgtool", "getpriv", "-k", "keys/rsa-2048.pem", "-f", format}).out);
    const std::string small = c_array_bytes(norboot({"imgtool", "getpriv", "-k", "keys/rsa-2048.pem", "-f", format, "--minimal"}).out);
    write_text(tmp / "full.der", full);
    write_text(tmp / "small.der", small);
    // asn1parse lists every INTEGER; the minimal key's are the full key's first six (version, n, e, d, p, q).
    auto integers = [&](const std::string& file) {
      const std::string text = shell("openssl asn1parse -inform DER -in " + quote(tmp / file) + (std::string(format) == "pkcs8" ? " -strparse 22" : "")).out;
      std::vector<std::string> v;
      const std::regex int_re("INTEGER +:([0-9A-F-]+)");
      for (auto it = std::sregex_iterator(text.begin(), text.end(), int_re); it != std::sregex_iterator(); ++it) v.push_back((*it)[1]);
      return v;
    };
    const auto all = integers("full.der"), kept = integers("small.der");
    ASSERT_EQ(all.size(), 9u) << format;
    ASSERT_EQ(kept.size(), 6u) << format;
    EXPECT_TRUE(std::equal(kept.begin(), kept.end(), all.begin())) << format;
  }
}

// ---- dumpinfo -f / -s ------------------------------------------------------------------------

TEST(ImgtoolFlags, Dumpinfo_FormatAndSilent) {
  TempDir tmp;
  const std::string img = "images/ecdsa_p256_seccnt7.bin";
  const json& f = manifest_entry(img);
  const CliRun human = norboot({"imgtool", "dumpinfo", "-f", "human", img});
  EXPECT_EQ(human.exit, 0);
  EXPECT_EQ(human.out, read_text(vector_path(f["dumpinfo"]["path"])));
  const json j = json::parse(norboot({"imgtool", "dumpinfo", "--format", "json", img}).out);
  EXPECT_EQ(j["header"]["img_size"], f["parsed"]["header"]["ih_img_size"]);
  EXPECT_EQ(j["tlv_area"]["tlvs_prot"][0]["type"], 0x50);
  // -o: YAML in the file, imgtool's text still on stdout; -s silences stdout only.
  const CliRun o = norboot({"imgtool", "dumpinfo", "-o", tmp / "info.yaml", img});
  EXPECT_EQ(o.out, human.out);
  const YAML::Node y = YAML::LoadFile(tmp / "info.yaml");
  EXPECT_EQ(y["header"]["img_size"].as<uint64_t>(), f["parsed"]["header"]["ih_img_size"].get<uint64_t>());
  EXPECT_EQ(y["tlv_area"]["tlvs"].size(), f["parsed"]["tlvs"].size() - 1);
  const CliRun silent = norboot({"imgtool", "dumpinfo", "-s", "-o", tmp / "info.json", "-f", "json", img});
  EXPECT_EQ(silent.exit, 0);
  EXPECT_TRUE(silent.out.empty()) << silent.out;
  EXPECT_EQ(json::parse(read_text(tmp / "info.json")), j);
  const CliRun bad = norboot({"imgtool", "dumpinfo", "--silent", "tampered/ecdsa_p256_1k_trunc_tail10.bin"});
  EXPECT_EQ(bad.exit, 1);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_TRUE(one_line_error(bad.err)) << bad.err;
  EXPECT_EQ(norboot({"imgtool", "dumpinfo", "-f", "xml", img}).exit, 2);
}

}  // namespace
}  // namespace norboot::tools::imgtool_flags_test
