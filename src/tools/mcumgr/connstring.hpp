#pragma once
// --conntype / --connstring as the mcumgr CLI takes them:
//   udp     ADDR[:PORT] | [IPV6]:PORT | addr=ADDR,port=PORT[,mtu=N]      (port 1337 by default)
//   serial  dev=PATH[,baud=N][,mtu=N][,line=N] | PATH                     (115200 baud by default)
// mtu bounds one SMP message; line is norboot's: bytes per serial frame line (Zephyr's 127).
#include <cstdint>
#include <string>
#include <string_view>

#include "tools/mcumgr/serial_transport.hpp"

namespace norboot::tools::mcumgr {

struct Connection {
  enum class Kind { kUdp, kSerial } kind = Kind::kUdp;
  std::string host;
  uint16_t port = 1337;
  size_t mtu = 0;  // 0: the transport's default
  SerialOptions serial;
};

/// Throws std::invalid_argument naming the bad part.
Connection parse_connection(std::string_view conntype, std::string_view connstring);

}  // namespace norboot::tools::mcumgr
