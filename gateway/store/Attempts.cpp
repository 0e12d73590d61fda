#include "store/Attempts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace gateway::store {

namespace {

// JSON has no NaN or infinity; a negative duration is a clock gone backwards.
double finiteDuration(double ms)
{
    return std::isfinite(ms) && ms > 0 ? ms : 0;
}

// Writes JSON into a buffer sized beforehand (bound()), through a plain pointer: this runs once
// per row on the log writer's thread, which shares the gateway's core, and QByteArray's
// per-character append checks capacity and sharing each time.
class JsonWriter
{
public:
    explicit JsonWriter(char* at) : m_at(at) {}

    // The most that string(text) can write: a quote on each side, and each UTF-16 unit as at
    // most six bytes (an escaped control character; UTF-8 takes at most three).
    static qsizetype bound(const QString& text) { return 2 + 6 * text.size(); }

    void raw(QByteArrayView text)
    {
        memcpy(m_at, text.data(), size_t(text.size()));
        m_at += text.size();
    }
    void raw(char c) { *m_at++ = c; }

    // A JSON string (RFC 8259, section 7): quote, backslash and control characters escaped;
    // the rest is UTF-8 as it is. Names are ASCII in practice: those are copied without a
    // conversion.
    void string(const QString& text)
    {
        char* const start = m_at;
        raw('"');
        for (QChar c : text) {
            if (c.unicode() >= 0x80) {
                // Beyond ASCII (rare in names): written again from its UTF-8.
                m_at = start + 1;
                for (char byte : text.toUtf8())
                    escaped(byte);
                break;
            }
            escaped(char(c.unicode()));
        }
        raw('"');
    }

    void integer(qint64 value)
    {
        char digits[24];
        char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        raw(QByteArrayView(digits, end - digits));
    }

    // Milliseconds to microsecond precision, without trailing zeros ("12", "0.4", "1.234"):
    // what QByteArray::number(x, 'g', 15) printed for these values, without its double
    // conversion. Beyond about 31 years a duration is a broken clock: it is capped there.
    void duration(double ms)
    {
        constexpr double maxMs = 1e12;
        const auto micros = std::llround(std::min(finiteDuration(ms), maxMs) * 1000);
        integer(micros / 1000);
        int fraction = int(micros % 1000);
        if (fraction == 0)
            return;
        const char digits[3] = {char('0' + fraction / 100), char('0' + fraction / 10 % 10),
                                char('0' + fraction % 10)};
        int length = 3;
        while (digits[length - 1] == '0')
            --length;
        raw('.');
        raw(QByteArrayView(digits, length));
    }

    char* position() const { return m_at; }

private:
    void escaped(char c)
    {
        static const char hex[] = "0123456789abcdef";
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            raw('\\');
            raw(c);
        } else if (u < 0x20) {
            raw("\\u00");
            raw(hex[u >> 4]);
            raw(hex[u & 0xf]);
        } else {
            raw(c);
        }
    }

    char* m_at;
};

} // namespace

QByteArray attemptsToJson(const std::vector<Attempt>& attempts)
{
    QByteArray out;
    if (attempts.empty())
        return out;
    const size_t count = std::min(attempts.size(), size_t(maxAttempts));
    // The keys, punctuation and two numbers of an entry take under 96 bytes.
    qsizetype bound = 2;
    for (size_t i = 0; i < count; ++i) {
        const Attempt& a = attempts[i];
        bound += 96 + JsonWriter::bound(a.backend) + JsonWriter::bound(a.model) +
                 JsonWriter::bound(a.errorClass);
    }
    out.resize(bound);
    JsonWriter json(out.data());
    json.raw('[');
    for (size_t i = 0; i < count; ++i) {
        const Attempt& a = attempts[i];
        if (i > 0)
            json.raw(',');
        json.raw("{\"backend\":");
        json.string(a.backend);
        json.raw(",\"model\":");
        json.string(a.model);
        json.raw(",\"status\":");
        json.integer(a.status);
        json.raw(",\"errorClass\":");
        json.string(a.errorClass);
        json.raw(",\"durationMs\":");
        json.duration(a.durationMs);
        json.raw('}');
    }
    json.raw(']');
    out.truncate(json.position() - out.constData());
    return out;
}

std::vector<Attempt> attemptsFromJson(const QByteArray& json)
{
    std::vector<Attempt> attempts;
    if (json.isEmpty() || json.size() > maxAttemptsJsonBytes)
        return attempts;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return attempts;
    const QJsonArray array = doc.array();
    for (const QJsonValue& value : array) {
        if (!value.isObject())
            return {};
        if (int(attempts.size()) == maxAttempts)
            break;
        const QJsonObject o = value.toObject();
        Attempt a;
        a.backend = o.value(QLatin1String("backend")).toString();
        a.model = o.value(QLatin1String("model")).toString();
        const double status = o.value(QLatin1String("status")).toDouble();
        a.status = status >= 100 && status <= 999 ? int(status) : 0;
        a.errorClass = o.value(QLatin1String("errorClass")).toString();
        a.durationMs = finiteDuration(o.value(QLatin1String("durationMs")).toDouble());
        attempts.push_back(std::move(a));
    }
    return attempts;
}

AttemptOutcome outcomeOf(const std::vector<Attempt>& attempts)
{
    AttemptOutcome outcome;
    for (const Attempt& a : attempts)
        if (a.errorClass.startsWith(QLatin1String("upstream_")))
            ++outcome.failedAttempts;
    outcome.servedByFallback = outcome.failedAttempts > 0 && attempts.back().errorClass.isEmpty();
    return outcome;
}

} // namespace gateway::store
