// `norboot imgtool` as a user runs it, against MCUboot imgtool 2.4.0's vectors
// (../shared/vectors/imgtool, README.md + manifest.json there): the manifest's own sign commands
// replayed through norboot (byte-identical where imgtool is deterministic, verified and
// dumpinfo-equal where it is not), verify on every image and tampered copy, dumpinfo on every
// file, the key commands against imgtool's key outputs, and bad input with CLI.md's exit codes.
// Nothing here rewrites a vector's expected answer: expectations come from the manifest or from
// the vector files themselves.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tools/imgtool/image_file.hpp"

namespace norboot::tools::imgtool_cli_test {
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

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct CliRun {
  int exit = -1;
  std::string out, err;
};

/// Runs `norboot <args>` (each argument quoted) in `cwd`, with `env` prefixed (VAR=value …).
CliRun norboot(const std::vector<std::string>& args, const std::string& cwd = "", const std::string& env = "") {
  static int counter = 0;
  const fs::path err_file = fs::temp_directory_path() / ("norboot-imgtool-cli-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".err");
  std::string cmd = cwd.empty() ? "" : "cd " + quote(cwd) + " && ";
  cmd += env + (env.empty() ? "" : " ") + quote(NORBOOT_BIN);
  for (const std::string& a : args) cmd += " " + quote(a);
  cmd += " </dev/null 2>" + quote(err_file.string());
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(err_file.string());
  fs::remove(err_file);
  return r;
}

/// One error line on stderr (CLI.md), optionally followed by one `hint:` line.
bool one_line_error(const std::string& err) {
  if (err.rfind("error: ", 0) != 0) return false;
  const size_t first = err.find('\n');
  if (first == std::string::npos || first + 1 == err.size()) return true;
  const std::string rest = err.substr(first + 1);
  return rest.rfind("hint: ", 0) == 0 && rest.find('\n') == rest.size() - 1;
}

const json& manifest() {
  static const json m = json::parse(read_text(vector_path("manifest.json")));
  return m;
}

std::vector<json> files_of_kind(const std::string& kind) {
  std::vector<json> out;
  for (const json& f : manifest()["files"]) {
    if (f["kind"] == kind) out.push_back(f);
  }
  return out;
}

/// A manifest command split as the shell would ("imgtool sign … -d '(1,1.2.0+0)' in out").
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
  TempDir() : path_(fs::temp_directory_path() / ("norboot-imgtool-cli-" + std::to_string(getpid()) + "-" + test_name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  static std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
  fs::path path_;
};

/// `norboot imgtool sign` with the manifest's arguments for `entry`, written to `out` instead.
CliRun resign(const json& entry, const std::string& out) {
  std::vector<std::string> args = split_command(entry["command"].get<std::string>());
  EXPECT_EQ(args.at(0), "imgtool");
  EXPECT_EQ(args.at(1), "sign");
  args.back() = out;
  return norboot(args, vectors_dir());
}

/// The "Image digest: …" (or "Image signature over image: …") line of a verify output.
std::string digest_line(const std::string& out) {
  const size_t at = out.find("Image digest: ") != std::string::npos ? out.find("Image digest: ") : out.find("Image signature over image: ");
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) == std::string::npos ? std::string::npos : out.find('\n', at) - at);
}

bool is_signature_tlv(const std::string& type) { return type == "0x20" || type == "0x21" || type == "0x22" || type == "0x24"; }

json dumpinfo_json(const std::string& path) {
  const CliRun r = norboot({"imgtool", "dumpinfo", "--json", path});
  EXPECT_EQ(r.exit, 0) << path << ": " << r.err << r.out;
  return r.exit == 0 ? json::parse(r.out) : json::object();
}

// ---- sign: deterministic cases are byte-identical -----------------------------------------

TEST(ImgtoolCli, Sign_DeterministicVectors_ByteIdenticalToImgtool) {
  TempDir tmp;
  int compared = 0;
  for (const json& f : files_of_kind("image")) {
    if (!f.value("byte_reproducible_with_same_key", false)) continue;
    const std::string path = f["path"];
    const std::string out = tmp / fs::path(path).filename().string();
    const CliRun r = resign(f, out);
    ASSERT_EQ(r.exit, 0) << f["command"] << "\n" << r.err;
    EXPECT_EQ(read_text(out), read_text(vector_path(path))) << path << " differs from imgtool's output";
    ++compared;
  }
  EXPECT_GE(compared, 5);  // unsigned, Ed25519 1k/4097, SHA-512, pure
}

// ---- sign: randomised cases verify and dump like imgtool's ----------------------------------

/// Our re-signed image against the vector: same header, protected TLVs, trailer; same TLV types
/// in the same order with equal values except the (randomised) signature.
void expect_same_fields(const json& ours, const json& theirs, const std::string& name) {
  EXPECT_EQ(ours["header"], theirs["header"]) << name;
  EXPECT_EQ(ours.value("protected_tlvs", json()), theirs.value("protected_tlvs", json())) << name;
  EXPECT_EQ(ours.value("trailer", json()), theirs.value("trailer", json())) << name;
  const json& a = ours["tlvs"]["entries"];
  const json& b = theirs["tlvs"]["entries"];
  ASSERT_EQ(a.size(), b.size()) << name;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i]["type"], b[i]["type"]) << name << " TLV " << i;
    if (!is_signature_tlv(b[i]["type"])) {
      EXPECT_EQ(a[i]["value"], b[i]["value"]) << name << " TLV " << b[i]["name"];
    }
  }
  if (theirs.contains("trailer")) {
    EXPECT_EQ(ours["size_bytes"], theirs["size_bytes"]) << name << ": padded to the slot";
  }
}

TEST(ImgtoolCli, Sign_RandomisedVectors_PassVerifyAndDumpLikeImgtool) {
  TempDir tmp;
  int compared = 0;
  for (const json& f : files_of_kind("image")) {
    if (f.value("byte_reproducible_with_same_key", false)) continue;
    const std::string path = f["path"];
    const std::string out = tmp / fs::path(path).filename().string();
    const CliRun r = resign(f, out);
    ASSERT_EQ(r.exit, 0) << f["command"] << "\n" << r.err;
    const CliRun v = norboot({"imgtool", "verify", "-k", vector_path(f["key"]), out});
    EXPECT_EQ(v.exit, 0) << path << ": " << v.err;
    EXPECT_EQ(digest_line(v.out), digest_line(f["expected_verify"]["output"])) << path;
    expect_same_fields(dumpinfo_json(out), dumpinfo_json(vector_path(path)), path);
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

/// The OpenSSL command line, not our code, checks the signature of a norboot-signed image:
/// message = header + payload + protected TLVs, conventions of the vectors' README.
void openssl_cli_verifies(const std::string& key, const std::vector<std::string>& sigopts) {
  if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl command";
  TempDir tmp;
  const std::string img = tmp / "img.bin";
  const CliRun r = norboot({"imgtool", "sign", "-k", vector_path("keys/" + key + ".pem"), "--header-size", "0x200", "--pad-header", "--align", "4",
                            "-v", "1.2.3+4", "-S", "0x73000", vector_path("payloads/payload_4097.bin"), img});
  ASSERT_EQ(r.exit, 0) << r.err;
  const json d = dumpinfo_json(img);
  const uint32_t hashed = std::stoul(d["tlvs"]["offset"].get<std::string>(), nullptr, 16);
  std::string sig;
  for (const json& e : d["tlvs"]["entries"]) {
    if (!is_signature_tlv(e["type"])) continue;
    const std::string hex = e["value"];
    for (size_t i = 0; i < hex.size(); i += 2) sig += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  ASSERT_FALSE(sig.empty());
  const std::string bytes = read_text(img);
  std::ofstream(tmp / "msg.bin", std::ios::binary) << bytes.substr(0, hashed);
  std::ofstream(tmp / "sig.bin", std::ios::binary) << sig;
  std::string cmd = "openssl dgst -sha256 -verify " + quote(vector_path("keys/" + key + ".pub.pem")) + " -signature " + quote(tmp / "sig.bin");
  for (const std::string& o : sigopts) cmd += " -sigopt " + o;
  cmd += " " + quote(tmp / "msg.bin") + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  // And a flipped message byte is refused by the same command (the check is not vacuous).
  std::string bad = bytes.substr(0, hashed);
  bad[0x300] = static_cast<char>(bad[0x300] ^ 1);
  std::ofstream(tmp / "msg.bin", std::ios::binary | std::ios::trunc) << bad;
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

TEST(ImgtoolCli, Sign_EcdsaP256_OpenSslCommandVerifiesSignature) { openssl_cli_verifies("ecdsa-p256", {}); }

TEST(ImgtoolCli, Sign_Rsa2048Pss_OpenSslCommandVerifiesSignature) {
  openssl_cli_verifies("rsa-2048", {"rsa_padding_mode:pss", "rsa_pss_saltlen:32", "rsa_mgf1_md:sha256"});
}

// ---- verify ---------------------------------------------------------------------------------

TEST(ImgtoolCli, Verify_EveryImageVector_AsManifestSays) {
  for (const json& f : files_of_kind("image")) {
    const json& ev = f["expected_verify"];
    std::vector<std::string> args{"imgtool", "verify"};
    if (!ev["key"].is_null()) args.insert(args.end(), {"-k", vector_path(ev["key"])});
    args.push_back(vector_path(f["path"]));
    const CliRun r = norboot(args);
    EXPECT_EQ(r.exit, ev["exit_code"].get<int>()) << f["path"] << ": " << r.err;
    EXPECT_EQ(r.out + "", ev["output"].get<std::string>() + "\n") << f["path"];
  }
}

TEST(ImgtoolCli, Verify_WrongKey_RefusedLikeImgtool) {
  // The manifest's verify runs with each of the three keys: a key that did not sign is refused.
  int refusals = 0;
  for (const json& f : files_of_kind("image")) {
    for (const json& v : f["verify"]) {
      const std::vector<std::string> args = split_command(v["command"]);
      if (v["exit_code"] == 0) continue;
      const CliRun r = norboot(args, vectors_dir());
      EXPECT_EQ(r.exit, 1) << v["command"];
      EXPECT_TRUE(one_line_error(r.err)) << v["command"] << ": " << r.err;
      ++refusals;
    }
  }
  EXPECT_GT(refusals, 40);
}

struct Tampered {
  const char* file;
  const char* names;  // what the error must name (the field)
};

// The field each modification breaks (manifest "modification" + "description").
constexpr Tampered kTampered[] = {
    {"ecdsa_p256_1k_payload_flip.bin", "hash"},
    {"hashonly_1k_payload_flip.bin", "hash"},
    {"ecdsa_p256_1k_header_magic_flip.bin", "magic"},
    {"ecdsa_p256_1k_version_flip.bin", "hash"},
    {"ecdsa_p256_1k_hash_tlv_flip.bin", "hash"},
    {"ecdsa_p256_1k_sig_flip.bin", "signature"},
    {"ed25519_1k_sig_flip.bin", "signature"},
    {"rsa2048_1k_sig_flip.bin", "signature"},
    {"ecdsa_p256_1k_keyhash_flip.bin", "KEYHASH"},  // imgtool accepts it; MCUboot and norboot do not
    {"ecdsa_p256_seccnt7_seccnt_flip.bin", "hash"},
    {"ecdsa_p256_1k_trunc_tail10.bin", "file"},
    {"ecdsa_p256_1k_trunc_in_payload.bin", "file"},
    {"ecdsa_p256_300000_pad_align4_trunc_tlv.bin", "file"},
};

TEST(ImgtoolCli, Verify_EveryTamperedVector_RefusedNamingFieldAndOffset) {
  size_t seen = 0;
  for (const json& f : files_of_kind("tampered_image")) {
    const std::string path = f["path"];
    const std::string name = fs::path(path).filename().string();
    const Tampered* t = nullptr;
    for (const Tampered& c : kTampered) {
      if (name == c.file) t = &c;
    }
    ASSERT_NE(t, nullptr) << "no expectation for " << name;
    ++seen;
    std::vector<std::string> args{"imgtool", "verify"};
    if (!f["key"].is_null()) args.insert(args.end(), {"-k", vector_path(f["key"])});
    args.push_back(vector_path(path));
    const CliRun r = norboot(args);
    EXPECT_EQ(r.exit, 1) << name << ": " << r.out << r.err;
    EXPECT_TRUE(one_line_error(r.err)) << name << ": " << r.err;
    EXPECT_NE(r.err.find(t->names), std::string::npos) << name << ": " << r.err;
    EXPECT_NE(r.err.find("0x"), std::string::npos) << name << " names no offset: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    const CliRun j = norboot({"imgtool", "verify", "--json", "-k", vector_path(f["key"].is_null() ? "keys/ecdsa-p256.pem" : f["key"]), vector_path(path)});
    EXPECT_EQ(j.exit, 1);
    EXPECT_TRUE(json::parse(j.out).contains("error")) << j.out;
  }
  EXPECT_EQ(seen, std::size(kTampered));
}

// ---- dumpinfo -------------------------------------------------------------------------------

/// The file a dumpinfo text was made from: its "Printing content of signed image: NAME" line.
std::string dumped_name(const std::string& text) {
  const std::string tag = "Printing content of signed image: ";
  const size_t at = text.find(tag);
  return at == std::string::npos ? "" : text.substr(at + tag.size(), text.find(' ', at + tag.size()) - at - tag.size());
}

TEST(ImgtoolCli, Dumpinfo_EveryVector_SameTextAsImgtool) {
  std::vector<json> all = files_of_kind("image");
  for (const json& t : files_of_kind("tampered_image")) all.push_back(t);
  int compared = 0;
  for (const json& f : all) {
    const std::string path = f["path"];
    const std::string name = fs::path(path).filename().string();
    const json& parsed = f["parsed"];
    const CliRun r = norboot({"imgtool", "dumpinfo", vector_path(path)});
    // The vectors' own parser: no image_end (parse_error) or an end past the file = truncated.
    const bool truncated = !parsed.contains("image_end") || !parsed["image_end"].is_number() ||
                           parsed["image_end"].get<uint64_t>() > parsed["file_bytes"].get<uint64_t>();
    if (truncated) {
      // Truncated: imgtool crashes (struct.error) or reads signature bytes as a trailer;
      // norboot dumps what there is and says where the file ends.
      EXPECT_EQ(r.exit, 1) << path;
      EXPECT_TRUE(one_line_error(r.err)) << r.err;
      EXPECT_NE(r.err.find("file ends at " + std::to_string(f["size"].get<int>())), std::string::npos) << path << ": " << r.err;
      continue;
    }
    const std::string theirs = read_text(vector_path(f["dumpinfo"]["path"]));
    // images/ecdsa_p256_1k.bin and .hex share one dumpinfo file in the vectors; it holds the
    // dump of whichever the generator ran last (its first line names it).
    if (dumped_name(theirs) != name) continue;
    EXPECT_EQ(r.out, theirs) << path;
    ++compared;
    const bool bad_magic = parsed["header"]["ih_magic"] != "0x96f3b83d";
    EXPECT_EQ(r.exit, bad_magic ? 1 : 0) << path << ": " << r.err;
    if (bad_magic) {
      EXPECT_NE(r.err.find("magic"), std::string::npos) << r.err;
    }
  }
  EXPECT_GE(compared, 35);
}

TEST(ImgtoolCli, Dumpinfo_Json_HeaderFieldsFromManifest) {
  for (const json& f : files_of_kind("image")) {
    if (fs::path(f["path"].get<std::string>()).extension() == ".hex") continue;  // parsed is of the hex text
    const json d = dumpinfo_json(vector_path(f["path"]));
    const json& p = f["parsed"]["header"];
    EXPECT_EQ(d["header"]["magic"], p["ih_magic"]);
    EXPECT_EQ(d["header"]["load_addr"], p["ih_load_addr"]);
    EXPECT_EQ(d["header"]["hdr_size_bytes"], p["ih_hdr_size"]);
    EXPECT_EQ(d["header"]["img_size_bytes"], p["ih_img_size"]);
    EXPECT_EQ(d["header"]["version"], p["ih_ver"]);
    const json& tlvs = f["parsed"]["tlvs"];
    size_t i = 0;
    for (const char* area : {"protected_tlvs", "tlvs"}) {
      if (!d.contains(area)) continue;
      for (const json& e : d[area]["entries"]) {
        ASSERT_LT(i, tlvs.size());
        EXPECT_EQ(e["type"], tlvs[i]["type"]) << f["path"];
        EXPECT_EQ(e["len_bytes"], tlvs[i]["len"]) << f["path"];
        if (!tlvs[i]["value_hex"].is_null()) {
          EXPECT_EQ(e["value"], tlvs[i]["value_hex"]) << f["path"];
        }
        ++i;
      }
    }
    EXPECT_EQ(i, tlvs.size()) << f["path"];
  }
}

// ---- keys -----------------------------------------------------------------------------------

TEST(ImgtoolCli, Getpub_AllEncodings_SameAsImgtool) {
  for (const json& f : files_of_kind("public_key")) {
    std::vector<std::string> args = split_command(f["command"]);
    args.resize(args.size() - 2);  // drop "-o FILE": print to stdout
    const CliRun r = norboot(args, vectors_dir());
    EXPECT_EQ(r.exit, 0) << f["command"] << r.err;
    EXPECT_EQ(r.out, read_text(vector_path(f["path"]))) << f["command"];
  }
  for (const json& f : files_of_kind("public_key_hash")) {
    std::vector<std::string> args = split_command(f["command"]);
    args.resize(args.size() - 2);  // drop "> FILE"
    const CliRun r = norboot(args, vectors_dir());
    EXPECT_EQ(r.exit, 0) << f["command"] << r.err;
    EXPECT_EQ(r.out, read_text(vector_path(f["path"]))) << f["command"];
  }
}

TEST(ImgtoolCli, Getpub_OutputFile_SameAsStdout) {
  TempDir tmp;
  const CliRun r = norboot({"imgtool", "getpub", "-k", vector_path("keys/ed25519.pem"), "-e", "pem", "-o", tmp / "pub.pem"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "pub.pem"), read_text(vector_path("keys/ed25519.pub.pem")));
}

TEST(ImgtoolCli, Keygen_EveryType_SignsAndVerifiesOrRefusesX25519) {
  TempDir tmp;
  for (const char* type : {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072", "x25519"}) {
    const std::string key = tmp / (std::string(type) + ".pem");
    const CliRun g = norboot({"imgtool", "keygen", "-k", key, "-t", type});
    ASSERT_EQ(g.exit, 0) << type << ": " << g.err;
    EXPECT_NE(read_text(key).find("-----BEGIN PRIVATE KEY-----"), std::string::npos) << type;
    EXPECT_EQ(norboot({"imgtool", "getpub", "-k", key}).exit, 0) << type;
    const std::string img = tmp / (std::string(type) + ".bin");
    const CliRun s = norboot({"imgtool", "sign", "-k", key, "-H", "0x200", "--pad-header", "-v", "1.0.0", "-S", "0x10000",
                              vector_path("payloads/payload_1k.bin"), img});
    if (std::string(type) == "x25519") {
      EXPECT_EQ(s.exit, 1);
      EXPECT_TRUE(one_line_error(s.err)) << s.err;
      EXPECT_NE(s.err.find("x25519"), std::string::npos) << s.err;
      EXPECT_FALSE(fs::exists(img));
      continue;
    }
    ASSERT_EQ(s.exit, 0) << type << ": " << s.err;
    const CliRun v = norboot({"imgtool", "verify", "-k", key, img});
    EXPECT_EQ(v.exit, 0) << type << ": " << v.err;
    EXPECT_EQ(v.out.rfind("Image was correctly validated\n", 0), 0u) << v.out;
  }
}

TEST(ImgtoolCli, Keygen_Password_KeyNeedsIt) {
  TempDir tmp;
  const std::string key = tmp / "k.pem";
  const CliRun none = norboot({"imgtool", "keygen", "-k", key, "-t", "ed25519", "--password"});
  EXPECT_EQ(none.exit, 1);
  EXPECT_TRUE(one_line_error(none.err)) << none.err;
  ASSERT_EQ(norboot({"imgtool", "keygen", "-k", key, "-t", "ed25519", "--password"}, "", "NORBOOT_KEY_PASSWORD=s3cret").exit, 0);
  EXPECT_NE(read_text(key).find("ENCRYPTED"), std::string::npos);
  const CliRun no_pw = norboot({"imgtool", "getpub", "-k", key});
  EXPECT_EQ(no_pw.exit, 1);
  EXPECT_NE(no_pw.err.find("password"), std::string::npos) << no_pw.err;
  const CliRun wrong = norboot({"imgtool", "getpub", "-k", key}, "", "NORBOOT_KEY_PASSWORD=nope");
  EXPECT_EQ(wrong.exit, 1);
  EXPECT_NE(wrong.err.find("wrong password"), std::string::npos) << wrong.err;
  EXPECT_EQ(norboot({"imgtool", "getpub", "-k", key}, "", "NORBOOT_KEY_PASSWORD=s3cret").exit, 0);
}

TEST(ImgtoolCli, Getpriv_EcdsaPrintsDer_Ed25519RefusedLikeImgtool) {
  const CliRun ec = norboot({"imgtool", "getpriv", "-k", vector_path("keys/ecdsa-p256.pem")});
  EXPECT_EQ(ec.exit, 0) << ec.err;
  EXPECT_NE(ec.out.find("ecdsa_priv_key[] = {"), std::string::npos) << ec.out;
  const CliRun ed = norboot({"imgtool", "getpriv", "-k", vector_path("keys/ed25519.pem")});
  EXPECT_EQ(ed.exit, 1);
  EXPECT_TRUE(one_line_error(ed.err)) << ed.err;
}

// ---- sign: norboot's slot-fit check and bad input ------------------------------------------

std::vector<std::string> sign_args(std::vector<std::string> extra, const std::string& in, const std::string& out) {
  std::vector<std::string> a{"imgtool", "sign", "-k", vector_path("keys/ed25519.pem"), "-H", "0x200", "--pad-header", "--align", "4", "-v", "1.2.3+4"};
  a.insert(a.end(), extra.begin(), extra.end());
  a.push_back(in);
  a.push_back(out);
  return a;
}

TEST(ImgtoolCli, Sign_ImageTooLargeForSlot_RefusedByHowManyBytes_NoOutput) {
  TempDir tmp;
  const std::string out = tmp / "out.bin";
  // 300000 payload + 0x200 header + 0x90 TLVs = 300656 bytes; imgtool's trailer for --align 4 is
  // 128*3*4 + 4*8 + 16 = 1584 bytes: a 0x49000 (299008) slot is 3232 bytes short.
  const CliRun r = norboot(sign_args({"-S", "0x49000"}, vector_path("payloads/payload_300000.bin"), out));
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(one_line_error(r.err)) << r.err;
  EXPECT_NE(r.err.find("by 3232 bytes"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(fs::path(out).parent_path())) << "a temporary file was left behind";
}

TEST(ImgtoolCli, Sign_Strategy_RefusesWhatTheBootloaderCannotHold) {
  TempDir tmp;
  const std::string out = tmp / "out.bin";
  const std::string payload = vector_path("payloads/payload_300000.bin");
  // imgtool's own check passes in 0x4A000 (303104 ≥ 300656 + 1584)…
  ASSERT_EQ(norboot(sign_args({"-S", "0x4A000"}, payload, out)).exit, 0);
  // …but a swap strategy needs room for its status records and sector slack.
  fs::remove(out);
  const CliRun r = norboot(sign_args({"-S", "0x4A000", "--strategy", "swap-pipeline"}, payload, out));
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(one_line_error(r.err)) << r.err;
  EXPECT_NE(r.err.find("too big by "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("swap-pipeline"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  // A roomy slot passes, and --json says the largest image the strategy boots.
  const CliRun ok = norboot(sign_args({"-S", "0x73000", "--strategy", "swap-pipeline", "--json"}, payload, out));
  ASSERT_EQ(ok.exit, 0) << ok.err;
  const json doc = json::parse(ok.out);
  EXPECT_GT(doc["max_image_bytes"].get<uint64_t>(), doc["image_bytes"].get<uint64_t>());
  const CliRun bad = norboot(sign_args({"-S", "0x73000", "--strategy", "fastest"}, payload, out));
  EXPECT_EQ(bad.exit, 1);
  EXPECT_NE(bad.err.find("fastest"), std::string::npos) << bad.err;
}

struct BadSign {
  std::vector<std::string> args;  // replaces the key and version flags of sign_args
  int exit;
  const char* names;
};

TEST(ImgtoolCli, Sign_BadInput_ExitCodesAndOneLineErrors) {
  TempDir tmp;
  const std::string out = tmp / "out.bin";
  const std::string payload = vector_path("payloads/payload_1k.bin");
  const std::vector<BadSign> cases = {
      {{"-k", tmp / "missing.pem", "-v", "1.0.0"}, 3, "missing.pem"},
      {{"-k", vector_path("keys/ecdsa-p256.pub.pem"), "-v", "1.0.0"}, 1, "public key"},
      {{"-k", vector_path("keys/ecdsa-p256.pub.c"), "-v", "1.0.0"}, 1, "not a PEM"},
      {{"-k", vector_path("keys/ecdsa-p256.pem"), "--sha", "512", "-v", "1.0.0"}, 1, "--sha 512"},
      {{"-k", vector_path("keys/ecdsa-p256.pem"), "--pure", "-v", "1.0.0"}, 1, "--pure"},
      {{"-v", "1.2.3.4"}, 1, "1.2.3.4"},
      {{"-v", "256.0.0"}, 1, "256"},
      {{"-v", "1.0.65536"}, 1, "65536"},
      {{"-v", "one"}, 1, "one"},
      {{"-v", "1.0.0", "-s", "-1"}, 1, "-1"},
      {{"-v", "1.0.0", "-d", "(1,2"}, 1, "(1,2"},
      {{"-v", "1.0.0", "--custom-tlv", "0x10", "0x01"}, 1, "0x10"},
      {{"-v", "1.0.0", "-L", "0x1000", "--rom-fixed", "0x1000"}, 1, "--rom-fixed"},
      {{"-v", "1.0.0", "-R", "0x55"}, 1, "0x55"},
      {{"-v", "1.0.0", "--no-such-flag"}, 2, ""},
      {{"-v", "1.0.0", "--align", "3"}, 2, ""},
  };
  for (const BadSign& c : cases) {
    std::vector<std::string> a{"imgtool", "sign", "-H", "0x200", "--pad-header", "-S", "0x10000"};
    a.insert(a.end(), c.args.begin(), c.args.end());
    a.push_back(payload);
    a.push_back(out);
    const CliRun r = norboot(a);
    std::string line;
    for (const auto& s : c.args) line += s + " ";
    EXPECT_EQ(r.exit, c.exit) << line << ": " << r.err;
    if (c.exit != 2) {
      EXPECT_TRUE(one_line_error(r.err)) << line << ": " << r.err;
    }
    EXPECT_NE(r.err.find(c.names), std::string::npos) << line << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << line;
  }
  // Missing input file: I/O (3). A non-zero header region without --pad-header: refused (1).
  const CliRun missing = norboot({"imgtool", "sign", "-H", "0x200", "-S", "0x10000", "-v", "1.0.0", tmp / "nope.bin", out});
  EXPECT_EQ(missing.exit, 3) << missing.err;
  EXPECT_TRUE(one_line_error(missing.err)) << missing.err;
  const CliRun hdr = norboot({"imgtool", "sign", "-H", "0x200", "-S", "0x10000", "-v", "1.0.0", payload, out});
  EXPECT_EQ(hdr.exit, 1);
  EXPECT_NE(hdr.err.find("--pad-header"), std::string::npos) << hdr.err;
  // --json errors: still non-zero, one document on stdout.
  const CliRun j = norboot({"imgtool", "sign", "--json", "-H", "0x200", "--pad-header", "-S", "0x10000", "-v", "9.9.99999", payload, out});
  EXPECT_EQ(j.exit, 1);
  EXPECT_TRUE(json::parse(j.out)["error"]["message"].get<std::string>().find("99999") != std::string::npos) << j.out;
}

TEST(ImgtoolCli, Verify_BadInput_ExitCodes) {
  TempDir tmp;
  const CliRun missing = norboot({"imgtool", "verify", tmp / "nope.bin"});
  EXPECT_EQ(missing.exit, 3);
  EXPECT_TRUE(one_line_error(missing.err)) << missing.err;
  const CliRun nokey = norboot({"imgtool", "verify", "-k", tmp / "nope.pem", vector_path("images/ed25519_1k.bin")});
  EXPECT_EQ(nokey.exit, 3);
  EXPECT_TRUE(one_line_error(nokey.err)) << nokey.err;
  std::ofstream(tmp / "empty.bin");
  const CliRun empty = norboot({"imgtool", "verify", tmp / "empty.bin"});
  EXPECT_EQ(empty.exit, 1);
  EXPECT_TRUE(one_line_error(empty.err)) << empty.err;
  std::ofstream(tmp / "bad.hex") << ":10000000000102030405060708090A0B0C0D0E0F00\n:00000001FF\n";
  const CliRun hex = norboot({"imgtool", "verify", tmp / "bad.hex"});
  EXPECT_EQ(hex.exit, 1);
  EXPECT_TRUE(one_line_error(hex.err)) << hex.err;
  EXPECT_EQ(norboot({"imgtool", "verify"}).exit, 2);
}

TEST(ImgtoolCli, Sign_HexInputAndOutput_BaseAddressKept) {
  TempDir tmp;
  // The 1k payload as Intel HEX at 0x20000: signing it gives the same image as the binary, and a
  // .hex output without -x keeps the input's base address (imgtool does the same).
  const std::string payload = read_text(vector_path("payloads/payload_1k.bin"));
  const auto* p = reinterpret_cast<const std::byte*>(payload.data());
  const std::vector<imgtool::HexSegment> segs{{0x20000, std::vector<std::byte>(p, p + payload.size())}};
  std::ofstream(tmp / "payload.hex") << imgtool::intel_hex_text(segs);
  ASSERT_EQ(norboot(sign_args({"-S", "0x73000"}, tmp / "payload.hex", tmp / "from_hex.bin")).exit, 0);
  EXPECT_EQ(read_text(tmp / "from_hex.bin"), read_text(vector_path("images/ed25519_1k.bin")));
  ASSERT_EQ(norboot(sign_args({"-S", "0x73000"}, tmp / "payload.hex", tmp / "out.hex")).exit, 0);
  const std::string text = read_text(tmp / "out.hex");
  EXPECT_EQ(text.rfind(":020000040002F8\n", 0), 0u) << "base 0x20000 kept: " << text.substr(0, 40);
  const CliRun v = norboot({"imgtool", "verify", "-k", vector_path("keys/ed25519.pem"), tmp / "out.hex"});
  EXPECT_EQ(v.exit, 0) << v.err;
  EXPECT_EQ(digest_line(v.out), "Image digest: cc81be83029d04713720e9ebf5c345eb317ba731f520b2441332056d579915ce");
  ASSERT_EQ(norboot(sign_args({"-S", "0x73000", "-x", "0x10000"}, tmp / "payload.hex", tmp / "out.hex")).exit, 0);
  EXPECT_EQ(read_text(tmp / "out.hex").rfind(":020000040001F9\n", 0), 0u);
}

}  // namespace
}  // namespace norboot::tools::imgtool_cli_test
