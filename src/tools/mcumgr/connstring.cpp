#include "tools/mcumgr/connstring.hpp"

#include <fmt/core.h>

#include <charconv>
#include <map>
#include <stdexcept>

namespace norboot::tools::mcumgr {
namespace {

uint64_t number(std::string_view key, std::string_view v, uint64_t max) {
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out == 0 || out > max) {
    throw std::invalid_argument(fmt::format("connstring: {}={} is not a number in 1..{}", key, v, max));
  }
  return out;
}

// "k=v,k=v"; an item without '=' is the value of `bare_key` when one is given (mcumgr accepts
// "COM40,baud=115200").
std::map<std::string, std::string> key_values(std::string_view s, std::string_view bare_key = {}) {
  std::map<std::string, std::string> kv;
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos && !bare_key.empty() && !item.empty()) {
      kv[std::string(bare_key)] = std::string(item);
    } else if (eq == std::string_view::npos || eq == 0) {
      throw std::invalid_argument(fmt::format("connstring: \"{}\" is not key=value", item));
    } else {
      kv[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    }
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
  }
  return kv;
}

void parse_udp_address(std::string_view s, Connection& c) {
  if (s.starts_with('[')) {  // [addr]:port or [addr]
    size_t close = s.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("connstring: missing ']'");
    c.host = std::string(s.substr(1, close - 1));
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) throw std::invalid_argument(fmt::format("connstring: unexpected \"{}\"", rest));
      c.port = static_cast<uint16_t>(number("port", rest.substr(1), 65535));
    }
    return;
  }
  size_t colon = s.rfind(':');
  if (colon != std::string_view::npos && s.find(':') == colon) {  // one colon: host:port
    c.host = std::string(s.substr(0, colon));
    c.port = static_cast<uint16_t>(number("port", s.substr(colon + 1), 65535));
  } else {
    c.host = std::string(s);  // a name, IPv4, or a bare IPv6 literal
  }
}

void apply_serial(const std::map<std::string, std::string>& kv, Connection& c) {
  for (const auto& [k, v] : kv) {
    if (k == "dev") c.serial.device = v;
    else if (k == "baud") c.serial.baud = static_cast<uint32_t>(number(k, v, 10000000));
    else if (k == "mtu") c.serial.mtu = number(k, v, 65533);
    else if (k == "line") c.serial.max_line = number(k, v, smp::kMaxLine);
    else throw std::invalid_argument(fmt::format("connstring: unknown serial key \"{}\" (dev, baud, mtu, line)", k));
  }
  if (c.serial.device.empty()) throw std::invalid_argument("connstring: serial needs dev=PATH");
  if (c.serial.max_line < 7) throw std::invalid_argument("connstring: line must be at least 7");
}

}  // namespace

Connection parse_connection(std::string_view conntype, std::string_view connstring) {
  Connection c;
  if (connstring.empty()) throw std::invalid_argument("--connstring is empty");
  if (conntype == "udp") {
    c.kind = Connection::Kind::kUdp;
    if (connstring.find('=') == std::string_view::npos) {
      parse_udp_address(connstring, c);
      return c;
    }
    for (const auto& [k, v] : key_values(connstring)) {
      if (k == "addr" || k == "host") parse_udp_address(v, c);
      else if (k == "port") c.port = static_cast<uint16_t>(number(k, v, 65535));
      else if (k == "mtu") c.mtu = number(k, v, 65507);
      else throw std::invalid_argument(fmt::format("connstring: unknown udp key \"{}\" (addr, port, mtu)", k));
    }
    if (c.host.empty()) throw std::invalid_argument("connstring: udp needs an address");
    return c;
  }
  if (conntype == "serial") {
    c.kind = Connection::Kind::kSerial;
    apply_serial(key_values(connstring, "dev"), c);
    return c;
  }
  throw std::invalid_argument(fmt::format("--conntype {}: use udp or serial", conntype));
}

}  // namespace norboot::tools::mcumgr
