#pragma once
// UDP over POSIX sockets: the client side (connected to one device) and a small server side that
// answers whoever sent the request (used by in-process device loops and the virtual board).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/mcumgr/transport.hpp"

namespace norboot::tools::mcumgr {

inline constexpr uint16_t kDefaultSmpUdpPort = 1337;
inline constexpr size_t kDefaultUdpMtu = 1472;  // Ethernet payload without IPv4 + UDP headers

class UdpTransport final : public Transport {
 public:
  /// Resolves host (name, IPv4 or IPv6 literal) and connects a UDP socket to host:port.
  UdpTransport(const std::string& host, uint16_t port, size_t mtu = kDefaultUdpMtu);
  ~UdpTransport() override;
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  void send(std::span<const std::byte> message) override;
  std::optional<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) override;
  size_t max_message() const override { return mtu_; }
  std::chrono::milliseconds transfer_time(size_t) const override { return std::chrono::milliseconds(0); }
  std::string describe() const override { return "udp " + where_; }

 private:
  int fd_ = -1;
  size_t mtu_;
  std::string where_;
};

/// A bound UDP socket that receives datagrams and answers their senders.
class UdpServerSocket {
 public:
  /// Binds host:port (port 0: any free port, see port()).
  UdpServerSocket(const std::string& host, uint16_t port);
  ~UdpServerSocket();
  UdpServerSocket(const UdpServerSocket&) = delete;
  UdpServerSocket& operator=(const UdpServerSocket&) = delete;

  uint16_t port() const { return port_; }
  /// Waits up to `timeout` for a datagram; nullopt when none came. The sender is remembered.
  std::optional<std::vector<std::byte>> receive(std::chrono::milliseconds timeout);
  /// Sends to the sender of the last datagram received.
  void reply(std::span<const std::byte> datagram);

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::vector<std::byte> peer_;  // sockaddr storage of the last sender
};

}  // namespace norboot::tools::mcumgr
