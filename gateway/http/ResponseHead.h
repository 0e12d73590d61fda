#pragma once

#include "http/Exchange.h"

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>

namespace gateway::http {

// Appends a status line and headers (without the final CRLF) to out. Adds Date, and
// "Connection: close" when the connection will close.
void appendResponseHead(QByteArray& out, int status, const QByteArray& contentType,
                        const HeaderList& extra, bool close);
// Appends "name: value\r\n" per header: more lines for a head appendResponseHead began.
void appendHeaderLines(QByteArray& out, const HeaderList& headers);
// Appends the parts with one capacity check and at most one growth, then a copy each. A head
// is some twenty parts, and QByteArray's append checks capacity and sharing on every call.
// No part may point into out (it may move when it grows).
void appendParts(QByteArray& out, std::initializer_list<QByteArrayView> parts);
// n in decimal, as a part for appendParts (it lives until the end of the call's expression).
class Decimal
{
public:
    explicit Decimal(qint64 n);
    operator QByteArrayView() const { return QByteArrayView(m_digits, m_size); }

private:
    char m_digits[24];
    qsizetype m_size;
};
// Appends n in decimal, without the temporary QByteArray::number makes (a status, a length).
void appendDecimal(QByteArray& out, qint64 n);

} // namespace gateway::http
