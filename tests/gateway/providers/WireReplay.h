#pragma once

// Golden-fixture replay for the WireDecoders of translating adapters: a fixture file's bytes
// fed whole, split at every offset, and in 1-byte pieces (inside UTF-8 characters, JSON
// strings, lines and events) must give the same events.

#include "api/ResponseEvent.h"
#include "providers/TranslatedCall.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <vector>

namespace wirereplay {

// tests/gateway/providers/fixtures/<relative>
inline QByteArray fixture(const char* relative)
{
    QFile file(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/") + QLatin1String(relative));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << relative;
    return file.readAll();
}

// One event as a line to compare: "T0 text", "R0 text |sig", "C0.1 id name args", "F0 stop",
// "U p/c cache-read/reasoning", "E status code message".
inline QString describe(const gateway::api::ResponseEvent& e)
{
    using T = gateway::api::ResponseEvent::Type;
    switch (e.type) {
    case T::TextDelta: return QStringLiteral("T%1 %2").arg(e.index).arg(e.text);
    case T::ReasoningDelta:
        return QStringLiteral("R%1 %2%3")
            .arg(e.index)
            .arg(e.text,
                 e.signature.isEmpty() ? QString() : QStringLiteral(" |") + QString(e.signature));
    case T::ToolCallDelta:
        return QStringLiteral("C%1.%2 %3 %4 %5")
            .arg(e.index)
            .arg(e.toolIndex)
            .arg(e.id, e.name, e.text);
    case T::Finish:
        return QStringLiteral("F%1 %2").arg(e.index).arg(QString::fromLatin1(e.finishReason));
    case T::Usage:
        return QStringLiteral("U %1/%2 %3/%4")
            .arg(e.usage.promptTokens)
            .arg(e.usage.completionTokens)
            .arg(e.usage.cacheReadTokens)
            .arg(e.usage.reasoningTokens);
    case T::Error:
        return QStringLiteral("E %1 %2 %3")
            .arg(e.status)
            .arg(QString::fromLatin1(e.code), QString::fromUtf8(e.message));
    default: return QStringLiteral("? %1").arg(int(e.type));
    }
}

inline QStringList describe(const std::vector<gateway::api::ResponseEvent>& events)
{
    QStringList out;
    for (const auto& e : events)
        out << describe(e);
    return out;
}

using DecoderFactory = std::function<std::unique_ptr<gateway::providers::WireDecoder>()>;

struct Replay
{
    std::vector<gateway::api::ResponseEvent> events;
    bool ok = true;
    QString error;
};

// Feeds bytes cut at the given offsets (ascending), then finishes.
inline Replay replay(const DecoderFactory& make, const QByteArray& bytes,
                     const std::vector<qsizetype>& cuts)
{
    Replay r;
    auto decoder = make();
    qsizetype at = 0;
    std::vector<qsizetype> ends = cuts;
    ends.push_back(bytes.size());
    for (qsizetype end : ends) {
        if (!decoder->feed(QByteArrayView(bytes).sliced(at, end - at), r.events, &r.error)) {
            r.ok = false;
            return r;
        }
        at = end;
    }
    r.ok = decoder->finish(r.events, &r.error);
    return r;
}

inline Replay replayWhole(const DecoderFactory& make, const QByteArray& bytes)
{
    return replay(make, bytes, {});
}

// The events of the stream fed whole equal the expected ones, and feeding it split at every
// offset, or in 1-byte pieces, changes nothing.
inline void expectStream(const DecoderFactory& make, const QByteArray& bytes,
                         const QStringList& expected)
{
    const Replay whole = replayWhole(make, bytes);
    ASSERT_TRUE(whole.ok) << qPrintable(whole.error);
    EXPECT_EQ(describe(whole.events), expected);
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        const Replay split = replay(make, bytes, {cut});
        ASSERT_TRUE(split.ok) << "split at " << cut << ": " << qPrintable(split.error);
        ASSERT_EQ(describe(split.events), expected) << "split at " << cut;
    }
    std::vector<qsizetype> every;
    for (qsizetype cut = 1; cut < bytes.size(); ++cut)
        every.push_back(cut);
    const Replay bytewise = replay(make, bytes, every);
    ASSERT_TRUE(bytewise.ok) << qPrintable(bytewise.error);
    EXPECT_EQ(describe(bytewise.events), expected);
}

} // namespace wirereplay
