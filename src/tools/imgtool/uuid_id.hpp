#pragma once
// --vid / --cid of `imgtool sign`: the vendor and image-class identifiers MCUboot checks (TLVs
// UUID_VID 0x74 and UUID_CID 0x75, 16 bytes each). A value written as a UUID (8-4-4-4-12 hex
// digits) is taken as it is; any other text is a name, turned into a name-based UUID (RFC 4122
// §4.3, version 5, SHA-1 through OpenSSL): the vendor's name in the DNS namespace, the class's
// name in the vendor's namespace, as MCUboot's documentation advises so that two vendors' class
// names cannot collide.
#include <array>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace norboot::tools::imgtool {

using Uuid = std::array<std::byte, 16>;

/// RFC 4122 appendix C: 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
extern const Uuid kUuidNamespaceDns;

/// "12345678-9abc-def0-1234-56789abcdef0" (either case) → its 16 bytes; nullopt for other text.
std::optional<Uuid> parse_uuid_text(std::string_view text);

/// The version-5 UUID of `name` in `name_space`.
Uuid uuid_v5(const Uuid& name_space, std::string_view name);

/// --vid: a UUID, or a vendor domain name (uuid5 in the DNS namespace).
std::expected<Uuid, std::string> vendor_uuid(std::string_view text);

/// --cid: a UUID, or a class name derived in the vendor's namespace; a name without a vendor
/// UUID is refused (there is no namespace to derive it in).
std::expected<Uuid, std::string> class_uuid(std::string_view text, const std::optional<Uuid>& vendor);

std::string uuid_text(const Uuid& u);

}  // namespace norboot::tools::imgtool
