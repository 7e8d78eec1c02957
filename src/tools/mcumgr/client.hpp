#pragma once
// SmpClient: request/response over a Transport with sequence numbers, timeouts and retries, and
// the device's errors turned into DeviceError (exit 1) — transport trouble is TransportError
// (exit 3). Bodies are built with the device's own CborWriter and decoded with libcbor.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "smp/cbor_writer.hpp"
#include "smp/codes.hpp"
#include "smp/header.hpp"
#include "tools/mcumgr/transport.hpp"

namespace norboot::tools::mcumgr {

using std::chrono::milliseconds;

struct ClientOptions {
  milliseconds timeout{10000};   // per try
  int tries = 3;                 // total tries per request
  uint8_t version = smp::kVersion2;
};

/// The device answered with an error.
class DeviceError : public std::runtime_error {
 public:
  DeviceError(std::string operation, uint16_t rc, uint16_t group, uint16_t group_rc, std::string rsn);
  std::string operation;
  uint16_t rc = 0;        // SMP-layer rc (0 when the error is a group error)
  uint16_t group = 0;     // group of a group error
  uint16_t group_rc = 0;  // the group's code (0 for SMP-layer errors)
  std::string rsn;        // the device's reason, if it gave one
  /// "INVALID_IMAGE_TOO_LARGE (image group rc 30)" / "ENOTSUP (rc 8)".
  std::string code_text() const;
};

struct Response {
  smp::Header header;
  nlohmann::json body;
};

/// Builds a CBOR body with smp::CborWriter into a right-sized vector.
std::vector<std::byte> build_body(const std::function<void(smp::CborWriter&)>& fill, size_t capacity = 4096);

class SmpClient {
 public:
  SmpClient(Transport& transport, const ClientOptions& options) : transport_(transport), options_(options) {}

  /// Sends one request and returns the matching response (same seq, group and command); retries
  /// on timeout. Throws TransportError when no answer came after every try, DeviceError when the
  /// answer carries "rc" ≠ 0 or "err".
  Response call(const std::string& operation, smp::Op op, uint16_t group, uint8_t command,
                std::span<const std::byte> body, std::optional<milliseconds> timeout = std::nullopt);

  /// The device's buffer parameters (OS 6); nullopt when the device does not offer them.
  std::optional<std::pair<uint32_t, uint32_t>> params();

  Transport& transport() { return transport_; }
  const ClientOptions& options() const { return options_; }
  size_t requests() const { return requests_; }
  size_t retries() const { return retries_; }

 private:
  std::optional<Response> wait_for(const smp::Header& request, milliseconds timeout);

  Transport& transport_;
  ClientOptions options_;
  uint8_t seq_ = 0;
  size_t requests_ = 0;
  size_t retries_ = 0;
};

/// Raises DeviceError when a response body reports an error.
void check_response(const std::string& operation, const nlohmann::json& body);

}  // namespace norboot::tools::mcumgr
