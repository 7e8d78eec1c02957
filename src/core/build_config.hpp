#pragma once
// Build-wide switches of the device-side modules, as constants so code branches on them with
// `if constexpr` (no #if in function bodies). Each defaults to the full host/sim behaviour; a
// product build overrides them on the compiler command line for every translation unit of its link
// (they change what objects contain, so mixing values in one link is an ODR violation).
//
//   NORBOOT_DIAG_TEXT=0   no diagnostic text: core::Error keeps its code, offset and (32-bit)
//                         expected/found values but drops the field/device/area strings
//                         (core/static_text.hpp), DiagBuf writes nothing (core/diag_buf.hpp; TextBuf
//                         itself still works), and the boot core's log events carry no sentence.
//                         With LTO the strings and the code that composes them leave the image.
//   NORBOOT_SIGNATURES=0  a hash-only validator: image::validate() checks the hash and the policy
//                         but links no key or signature code, and refuses (kUnsupported) any call
//                         that asks for a signature (ValidateOptions::require_signature).
// A module's own switches live beside it: NORBOOT_STRATEGIES in boot/strategy.hpp.

#ifndef NORBOOT_DIAG_TEXT
#define NORBOOT_DIAG_TEXT 1
#endif
#ifndef NORBOOT_SIGNATURES
#define NORBOOT_SIGNATURES 1
#endif

namespace norboot::core {

inline constexpr bool kDiagnosticText = NORBOOT_DIAG_TEXT != 0;
inline constexpr bool kSignatureChecks = NORBOOT_SIGNATURES != 0;

}  // namespace norboot::core
