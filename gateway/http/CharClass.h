#pragma once

#include <array>

namespace gateway::http {

// Character classes of HTTP's grammar, as 256-entry tables: a parser tests every byte of every
// field name and Host value, and a table is one load where a chain of ranges and a strchr over
// the punctuation is a dozen branches.
namespace charclass {

constexpr bool isAlnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr bool isOneOf(unsigned char c, const char* set)
{
    for (; *set; ++set)
        if (c == static_cast<unsigned char>(*set))
            return true;
    return false;
}

template <typename Predicate> constexpr std::array<bool, 256> tableOf(Predicate predicate)
{
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = predicate(static_cast<unsigned char>(c));
    return table;
}

// RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" /
// "_" / "`" / "|" / "~" / DIGIT / ALPHA. A field name is a token (RFC 9110 5.1).
inline constexpr std::array<bool, 256> token =
    tableOf([](unsigned char c) { return isAlnum(c) || isOneOf(c, "!#$%&'*+-.^_`|~"); });

// RFC 9110 7.2 and RFC 3986 3.2.2-3.2.3: uri-host [ ":" port ], i.e. a reg-name (unreserved,
// pct-encoded, sub-delims), an IPv4 address or an IP-literal in brackets. Anything else (a
// space, "/", "@", a control character) is an invalid Host (RFC 9112 3.2: 400).
inline constexpr std::array<bool, 256> host =
    tableOf([](unsigned char c) { return isAlnum(c) || isOneOf(c, "-._~%!$&'()*+,;=:[]"); });

} // namespace charclass

inline bool isTokenChar(char c)
{
    return charclass::token[static_cast<unsigned char>(c)];
}

inline bool isHostChar(char c)
{
    return charclass::host[static_cast<unsigned char>(c)];
}

} // namespace gateway::http
