#pragma once
// Agent: the device side of SMP. It takes one request (or a packet of concatenated requests) in a
// caller buffer and writes the response into another caller buffer; it owns no message memory and
// never allocates. Transports (serial frames, UDP datagrams, BLE) sit outside it.
//
// Groups and commands (reference smp.md §2):
//   OS     0 echo (read/write), 5 reset (write), 6 MCUmgr parameters, 7 OS info, 8 bootloader info
//   image  0 state (read = list, write = test/confirm), 1 upload, 5 erase, 6 slot info
// Anything else is answered {"rc": 8} (ENOTSUP); versions above v2 {"rc": 13} in a v2 header; a
// header whose length exceeds the bytes that follow {"rc": 9}; a body that is not a well-formed
// CBOR map {"rc": 3}. Group errors go out as {"err": {"group", "rc"}} to v2 clients and as the
// translated {"rc"} to v1 clients; every error carries "rsn" text when there is something to say,
// and is logged.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/log.hpp"
#include "smp/agent_config.hpp"
#include "smp/cbor_writer.hpp"
#include "smp/detail/handler.hpp"
#include "smp/header.hpp"
#include "smp/image_backend.hpp"
#include "smp/sha256.hpp"
#include "smp/upload.hpp"

namespace norboot::smp {

/// Called when a reset request has been answered. The response is built but not yet sent when
/// this runs: the integration sends it first and resets afterwards (Zephyr uses a short timer).
class ResetHandler {
 public:
  virtual ~ResetHandler() = default;
  virtual void reset_requested(bool force) = 0;
};

class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  virtual void send(std::span<const std::byte> response) = 0;
};

class Agent {
 public:
  static constexpr size_t kReasonSize = 192;

  Agent(const AgentConfig& config, ImageBackend& backend, Sha256& sha, ResetHandler* reset = nullptr,
        core::LogSink* log = nullptr)
      : config_(config), backend_(backend), upload_(backend, sha, log), reset_(reset), log_(log) {}

  /// Handles the request at the start of `message`, writing its response to `response`. Returns
  /// the response size, 0 when nothing can be answered (fewer than 8 bytes, or a response buffer
  /// too small even for an error). `consumed` gets the request's size (8 + body length), or all
  /// of `message` when the header cannot be trusted.
  size_t handle(std::span<const std::byte> message, std::span<std::byte> response, size_t* consumed = nullptr);

  /// Every request in a packet, one after the other, each response through `sink`; processing
  /// stops after an error response (as Zephyr does).
  void handle_packet(std::span<const std::byte> packet, std::span<std::byte> response, ResponseSink& sink);

  const UploadSession& upload() const { return upload_; }
  /// Drops any upload session (the device's state changed behind the agent's back).
  void forget_upload() { upload_.reset(); }
  const AgentConfig& config() const { return config_; }

 private:
  using Outcome = detail::Outcome;
  size_t respond(const Header& request, std::span<const std::byte> body, std::span<std::byte> response,
                 bool& failed);
  Outcome dispatch(const Header& request, std::span<const std::byte> body, CborWriter& out);
  size_t encode_error(const Header& request, const Outcome& o, std::span<std::byte> response);
  void log_error(const Header& request, const Outcome& o);

  const AgentConfig& config_;
  ImageBackend& backend_;
  UploadSession upload_;
  ResetHandler* reset_;
  core::LogSink* log_;
  char reason_[kReasonSize] = {};
  bool reset_pending_ = false;
  bool reset_force_ = false;
};

}  // namespace norboot::smp
