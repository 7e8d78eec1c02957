// `norboot mcumgr`: an SMP client with the mcumgr CLI's connection flags and command words
// (echo, image list|upload|test|confirm|erase, reset, os info, params), resumable uploads with a
// progress bar, and --json output. Exit codes (CLI.md): 0 done, 1 the device refused, 2 usage,
// 3 transport (no answer, cannot open the port or file).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "tools/command.hpp"
#include "tools/mcumgr/client.hpp"
#include "tools/mcumgr/connstring.hpp"
#include "tools/mcumgr/progress.hpp"
#include "tools/mcumgr/serial_transport.hpp"
#include "tools/mcumgr/udp_socket.hpp"
#include "tools/mcumgr/upload.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_mcumgr {
namespace {

using json = nlohmann::json;
using namespace mcumgr;

struct Global {
  std::string conntype;
  std::string connstring;
  double timeout_s = 10;
  int tries = 3;
  size_t mtu = 0;
  int smp_version = 2;
  bool json = false;
  bool quiet = false;
};

struct Session {
  std::unique_ptr<Transport> transport;
  std::unique_ptr<SmpClient> client;
};

Session open_session(const Global& g) {
  Connection c = parse_connection(g.conntype, g.connstring);
  Session s;
  if (c.kind == Connection::Kind::kUdp) {
    size_t mtu = g.mtu ? g.mtu : c.mtu ? c.mtu : kDefaultUdpMtu;
    s.transport = std::make_unique<UdpTransport>(c.host, c.port, mtu);
  } else {
    if (g.mtu) c.serial.mtu = g.mtu;
    s.transport = std::make_unique<SerialTransport>(c.serial);
  }
  ClientOptions o;
  o.timeout = milliseconds(static_cast<int64_t>(g.timeout_s * 1000));
  o.tries = g.tries;
  o.version = g.smp_version == 1 ? smp::kVersion1 : smp::kVersion2;
  s.client = std::make_unique<SmpClient>(*s.transport, o);
  return s;
}

std::string hex(const json& bin) {
  std::string out;
  if (!bin.is_binary()) return out;
  for (uint8_t b : bin.get_binary()) out += fmt::format("{:02x}", b);
  return out;
}

std::vector<std::byte> parse_hash(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0 || text.size() > 128) {
    throw std::invalid_argument(fmt::format("hash \"{}\": expected an even number of hex digits (64 for SHA-256)", text));
  }
  auto nibble = [&](size_t i) {
    char c = text[i];
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument(fmt::format("hash \"{}\": '{}' at position {} is not a hex digit", text, c, i));
  };
  std::vector<std::byte> out;
  for (size_t i = 0; i < text.size(); i += 2) out.push_back(static_cast<std::byte>(nibble(i) * 16 + nibble(i + 1)));
  return out;
}

int report_device_error(const DeviceError& e, bool as_json) {
  if (as_json) {
    json err{{"code", "device_refused"}, {"message", e.what()}, {"device", nullptr}, {"offset", nullptr},
             {"rc", e.rc}, {"group", e.group}, {"group_rc", e.group_rc}, {"name", e.code_text()}, {"rsn", e.rsn}};
    print_json({{"error", err}});
  } else {
    fmt::print(stderr, "error: {}\n", e.what());
  }
  return kExitRefused;
}

// Runs a command body with the session open; maps every failure to its exit code.
int with_session(const Global& g, const std::function<int(SmpClient&)>& body) {
  try {
    Session s = open_session(g);
    return body(*s.client);
  } catch (const DeviceError& e) {
    return report_device_error(e, g.json);
  } catch (const TransportError& e) {
    return report_message(e.what(), g.json, kExitIo, "is the device running and is the connection right? (--conntype/--connstring)");
  } catch (const std::invalid_argument& e) {
    return report_message(e.what(), g.json, kExitUsage);
  }
}

std::vector<std::byte> empty_map() {
  return build_body([](smp::CborWriter& w) { w.map(0); });
}

json image_entry(const json& e) {
  return {{"image", e.value("image", 0)},          {"slot", e.value("slot", 0)},
          {"version", e.value("version", "")},     {"hash", hex(e.value("hash", json()))},
          {"bootable", e.value("bootable", false)}, {"pending", e.value("pending", false)},
          {"confirmed", e.value("confirmed", false)}, {"active", e.value("active", false)},
          {"permanent", e.value("permanent", false)}};
}

// mcumgr's own layout, so scripts that grep "hash: " keep working.
void print_images(const json& body, bool as_json) {
  json images = json::array();
  for (const auto& e : body.value("images", json::array())) images.push_back(image_entry(e));
  if (as_json) {
    print_json({{"images", images}, {"split_status", body.value("splitStatus", 0)}});
    return;
  }
  fmt::print("Images:\n");
  for (const auto& e : images) {
    std::string flags;
    for (const char* f : {"active", "confirmed", "pending", "permanent"}) {
      if (e[f].get<bool>()) flags += flags.empty() ? f : std::string(" ") + f;
    }
    fmt::print(" image={} slot={}\n    version: {}\n    bootable: {}\n    flags: {}\n    hash: {}\n",
               e["image"].get<int>(), e["slot"].get<int>(), e["version"].get<std::string>(),
               e["bootable"].get<bool>(), flags, e["hash"].get<std::string>());
  }
  fmt::print("Split status: N/A ({})\n", body.value("splitStatus", 0));
}

void print_done(bool as_json) {
  if (as_json) {
    print_json({{"done", true}});
  } else {
    fmt::print("Done\n");
  }
}

std::vector<std::byte> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw TransportError(fmt::format("cannot read {}", path));
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  std::transform(raw.begin(), raw.end(), out.begin(), [](char c) { return static_cast<std::byte>(c); });
  return out;
}

struct UploadArgs {
  std::string file;
  bool no_erase = false;
  int image = 0;
  bool upgrade = false;
  size_t max_chunk = 0;
};

int upload(const Global& g, const UploadArgs& a, SmpClient& client) {
  auto image = read_file(a.file);
  if (image.empty()) throw std::invalid_argument(fmt::format("{} is empty", a.file));
  UploadOptions o;
  o.image = static_cast<uint8_t>(a.image);
  o.upgrade = a.upgrade;
  o.max_chunk = a.max_chunk;
  Progress progress(stderr, Progress::mode_for(stderr, g.quiet || g.json), "upload");
  auto r = upload_image(client, image, o, [&](size_t done, size_t total) { progress.update(done, total); });
  progress.finish();
  double rate = r.elapsed_s > 0 ? r.size_bytes / r.elapsed_s : 0;
  if (g.json) {
    json doc{{"size_bytes", r.size_bytes}, {"elapsed_s", r.elapsed_s}, {"throughput_bytes_per_s", rate},
             {"chunk_bytes", r.chunk_bytes}, {"message_bytes", r.message_bytes}, {"requests", client.requests()},
             {"retries", client.retries()}, {"resumed_at_bytes", r.resumed_at}, {"restarts", r.restarts}};
    doc["match"] = r.match ? json(*r.match) : json(nullptr);
    print_json(doc);
  } else {
    if (r.resumed_at) fmt::print("Resumed at {} B (the device held the session)\n", r.resumed_at);
    fmt::print("Done: {} B in {:.2f} s, {} ({} B chunks, {} requests, {} retries)\n", r.size_bytes, r.elapsed_s,
               human_rate(rate), r.chunk_bytes, client.requests(), client.retries());
  }
  return kExitOk;
}

void add_list(CLI::App& image, Global& g) {
  image.add_subcommand("list", "Show the images in the device's slots")->callback(run([&g] {
    return with_session(g, [&](SmpClient& c) {
      print_images(c.call("image list", smp::Op::kRead, 1, smp::image_cmd::kState, empty_map()).body, g.json);
      return kExitOk;
    });
  }));
}

void add_upload(CLI::App& image, Global& g) {
  auto a = std::make_shared<UploadArgs>();
  auto* up = image.add_subcommand("upload", "Upload an image to the secondary slot (resumes an interrupted upload)");
  up->add_option("file", a->file, "Signed image file")->required();
  up->add_flag("-e,--noerase", a->no_erase,
               "Accepted for mcumgr compatibility: norboot sends no separate erase (the device erases ahead of the "
               "data, and an erase would drop a resumable session)");
  up->add_option("-n,--image", a->image, "Image number in a multi-image system")->check(CLI::Range(0, 255));
  up->add_flag("-u,--upgrade", a->upgrade, "Refuse unless the new image's version is higher than the running one");
  up->add_option("--max-chunk", a->max_chunk, "Cap the data bytes per request (default: fill the device's buffer)");
  up->callback(run([&g, a] { return with_session(g, [&](SmpClient& c) { return upload(g, *a, c); }); }));
}

// image test HASH / image confirm [HASH]: the same state write, answered with the image list.
void add_state_write(CLI::App& image, Global& g, bool confirm) {
  auto hash_text = std::make_shared<std::string>();
  auto* cmd = confirm ? image.add_subcommand("confirm", "Keep the running image (no hash), or swap permanently to the image with this hash")
                      : image.add_subcommand("test", "Swap to the image with this hash at the next reset, revert unless confirmed");
  auto* opt = cmd->add_option("hash", *hash_text, "Image hash (hex, as `image list` shows it)");
  if (!confirm) opt->required();
  cmd->callback(run([&g, hash_text, confirm] {
    return with_session(g, [&](SmpClient& c) {
      std::vector<std::byte> hash = hash_text->empty() ? std::vector<std::byte>{} : parse_hash(*hash_text);
      auto body = build_body([&](smp::CborWriter& w) {
        w.map(hash.empty() ? 1 : 2);
        if (!hash.empty()) w.key("hash").bytes(hash);
        w.key("confirm").boolean(confirm);
      });
      auto r = c.call(confirm ? "image confirm" : "image test", smp::Op::kWrite, 1, smp::image_cmd::kState, body);
      print_images(r.body, g.json);
      return kExitOk;
    });
  }));
}

void add_erase(CLI::App& image, Global& g) {
  auto slot = std::make_shared<int>(-1);
  auto* erase = image.add_subcommand("erase", "Erase the secondary slot (refused while it is in use)");
  erase->add_option("--slot", *slot, "Slot number (default: the device's choice, the secondary)")->check(CLI::Range(0, 255));
  erase->callback(run([&g, slot] {
    return with_session(g, [&](SmpClient& c) {
      auto body = build_body([&](smp::CborWriter& w) {
        w.map(*slot >= 0 ? 1 : 0);
        if (*slot >= 0) w.key("slot").uint(static_cast<uint64_t>(*slot));
      });
      c.call("image erase", smp::Op::kWrite, 1, smp::image_cmd::kErase, body);
      print_done(g.json);
      return kExitOk;
    });
  }));
}

void add_image_commands(CLI::App& mc, Global& g) {
  auto* image = mc.add_subcommand("image", "Manage images on a device");
  image->require_subcommand(1);
  image->fallthrough();
  add_list(*image, g);
  add_upload(*image, g);
  add_state_write(*image, g, false);
  add_state_write(*image, g, true);
  add_erase(*image, g);
}

void add_echo(CLI::App& mc, Global& g) {
  auto text = std::make_shared<std::string>();
  auto* echo = mc.add_subcommand("echo", "Send a text; the device sends it back");
  echo->add_option("text", *text, "Text to echo")->required();
  echo->callback(run([&g, text] {
    return with_session(g, [&](SmpClient& c) {
      auto body = build_body([&](smp::CborWriter& w) { w.map(1).key("d").text(*text); });
      auto r = c.call("echo", smp::Op::kWrite, 0, smp::os_cmd::kEcho, body).body;
      if (g.json) {
        print_json({{"r", r.value("r", "")}});
      } else {
        fmt::print("{}\n", r.value("r", ""));
      }
      return kExitOk;
    });
  }));
}

void add_reset(CLI::App& mc, Global& g) {
  auto force = std::make_shared<bool>(false);
  auto* reset = mc.add_subcommand("reset", "Reset the device (it answers first)");
  reset->add_flag("-f,--force", *force, "Ask for a reset even if the application would veto it");
  reset->callback(run([&g, force] {
    return with_session(g, [&](SmpClient& c) {
      auto body = build_body([&](smp::CborWriter& w) {
        w.map(*force ? 1 : 0);
        if (*force) w.key("force").boolean(true);
      });
      c.call("reset", smp::Op::kWrite, 0, smp::os_cmd::kReset, body);
      print_done(g.json);
      return kExitOk;
    });
  }));
}

void add_os_info(CLI::App& mc, Global& g) {
  auto* os = mc.add_subcommand("os", "OS group commands");
  os->require_subcommand(1);
  os->fallthrough();
  auto format = std::make_shared<std::string>();
  auto* info = os->add_subcommand("info", "The device's OS/application information (uname-like)");
  info->add_option("--format", *format, "Letters: s n r v b m p i o, or a for all (default s)");
  info->callback(run([&g, format] {
    return with_session(g, [&](SmpClient& c) {
      auto body = build_body([&](smp::CborWriter& w) {
        w.map(format->empty() ? 0 : 1);
        if (!format->empty()) w.key("format").text(*format);
      });
      auto r = c.call("os info", smp::Op::kRead, 0, smp::os_cmd::kInfo, body).body;
      if (g.json) {
        print_json({{"output", r.value("output", "")}});
      } else {
        fmt::print("{}\n", r.value("output", ""));
      }
      return kExitOk;
    });
  }));
}

void add_params(CLI::App& mc, Global& g) {
  mc.add_subcommand("params", "The device's SMP buffer parameters")->callback(run([&g] {
    return with_session(g, [&](SmpClient& c) {
      auto r = c.call("mcumgr params", smp::Op::kRead, 0, smp::os_cmd::kParams, empty_map()).body;
      json doc{{"buf_size", r.value("buf_size", 0)}, {"buf_count", r.value("buf_count", 0)}};
      if (g.json) {
        print_json(doc);
      } else {
        fmt::print("buf_size: {}\nbuf_count: {}\n", doc["buf_size"].get<int>(), doc["buf_count"].get<int>());
      }
      return kExitOk;
    });
  }));
}

CommandRegistration reg{"mcumgr", [](CLI::App& app) {
  static Global g;
  auto* mc = app.add_subcommand("mcumgr", "SMP client: talk to a device as the mcumgr CLI does (UDP or serial)");
  mc->require_subcommand(1);
  mc->fallthrough();
  mc->add_option("--conntype", g.conntype, "udp or serial")->required()->check(CLI::IsMember({"udp", "serial"}));
  mc->add_option("--connstring", g.connstring,
                 "udp: ADDR[:PORT] (port 1337); serial: dev=PATH[,baud=N][,mtu=N][,line=N]")
      ->required();
  mc->add_option("-t,--timeout", g.timeout_s, "Seconds to wait for each answer (the first upload chunk waits at least 40)")
      ->check(CLI::PositiveNumber);
  mc->add_option("-r,--tries", g.tries, "Total tries per request before giving up (mcumgr's default is 1)")
      ->check(CLI::Range(1, 100));
  mc->add_option("--mtu", g.mtu, "Largest SMP message to send (default: udp 1472, serial unlimited; the device's buf_size always applies)")
      ->check(CLI::Range(64, 65533));
  mc->add_option("--smp-version", g.smp_version, "SMP protocol version to speak (1 or 2)")->check(CLI::IsMember({1, 2}));
  mc->add_flag("--json", g.json, "One JSON document on stdout");
  mc->add_flag("--quiet", g.quiet, "No progress output");
  add_echo(*mc, g);
  add_reset(*mc, g);
  add_os_info(*mc, g);
  add_params(*mc, g);
  add_image_commands(*mc, g);
}};

}  // namespace
}  // namespace norboot::tools::cmd_mcumgr
