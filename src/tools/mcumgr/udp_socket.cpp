#include "tools/mcumgr/udp_socket.hpp"

#include <fmt/core.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace norboot::tools::mcumgr {
namespace {

using AddrInfo = std::unique_ptr<addrinfo, decltype(&freeaddrinfo)>;

AddrInfo resolve(const std::string& host, uint16_t port, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) throw TransportError(fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
  return AddrInfo(res, freeaddrinfo);
}

// True when a datagram is waiting; false on timeout.
bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  for (;;) {
    int rc = poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc >= 0) return rc > 0;
    if (errno != EINTR) throw TransportError(fmt::format("poll: {}", std::strerror(errno)));
  }
}

constexpr size_t kMaxDatagram = 65536;

}  // namespace

UdpTransport::UdpTransport(const std::string& host, uint16_t port, size_t mtu) : mtu_(mtu) {
  auto info = resolve(host, port, false);
  for (addrinfo* a = info.get(); a != nullptr; a = a->ai_next) {
    fd_ = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd_ < 0) continue;
    if (connect(fd_, a->ai_addr, a->ai_addrlen) == 0) break;
    close(fd_);
    fd_ = -1;
  }
  where_ = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  if (fd_ < 0) throw TransportError(fmt::format("cannot open a UDP socket to {}: {}", where_, std::strerror(errno)));
}

UdpTransport::~UdpTransport() {
  if (fd_ >= 0) close(fd_);
}

void UdpTransport::send(std::span<const std::byte> message) {
  if (::send(fd_, message.data(), message.size(), 0) < 0) {
    throw TransportError(fmt::format("send to {}: {}", where_, std::strerror(errno)));
  }
}

std::optional<std::vector<std::byte>> UdpTransport::receive(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0 || !wait_readable(fd_, left)) return std::nullopt;
    std::vector<std::byte> buf(kMaxDatagram);
    ssize_t n = recv(fd_, buf.data(), buf.size(), 0);
    if (n >= 0) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    // ICMP port unreachable surfaces as ECONNREFUSED on a connected socket: nobody is listening
    // yet. Keep waiting until the timeout, as the device may be starting.
    if (errno != ECONNREFUSED && errno != EINTR) {
      throw TransportError(fmt::format("receive from {}: {}", where_, std::strerror(errno)));
    }
  }
}

UdpServerSocket::UdpServerSocket(const std::string& host, uint16_t port) {
  auto info = resolve(host, port, true);
  int err = 0;
  for (addrinfo* a = info.get(); a != nullptr; a = a->ai_next) {
    fd_ = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd_ < 0) continue;
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd_, a->ai_addr, a->ai_addrlen) == 0) break;
    err = errno;
    close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) throw TransportError(fmt::format("cannot bind UDP {}:{}: {}", host, port, std::strerror(err)));
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

UdpServerSocket::~UdpServerSocket() {
  if (fd_ >= 0) close(fd_);
}

std::optional<std::vector<std::byte>> UdpServerSocket::receive(std::chrono::milliseconds timeout) {
  if (!wait_readable(fd_, timeout)) return std::nullopt;
  std::vector<std::byte> buf(kMaxDatagram);
  sockaddr_storage from{};
  socklen_t len = sizeof(from);
  ssize_t n = recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) {
    if (errno == EINTR) return std::nullopt;
    throw TransportError(fmt::format("UDP receive: {}", std::strerror(errno)));
  }
  buf.resize(static_cast<size_t>(n));
  peer_.assign(reinterpret_cast<std::byte*>(&from), reinterpret_cast<std::byte*>(&from) + len);
  return buf;
}

void UdpServerSocket::reply(std::span<const std::byte> datagram) {
  if (peer_.empty()) return;
  if (sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(peer_.data()),
             static_cast<socklen_t>(peer_.size())) < 0) {
    throw TransportError(fmt::format("UDP reply: {}", std::strerror(errno)));
  }
}

}  // namespace norboot::tools::mcumgr
