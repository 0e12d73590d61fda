#pragma once

#include "api/Canonical.h"
#include "config/Config.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace gateway::providers {

// What the mock backend answers to a chat or completion request, decided up front and
// deterministically (the same request gets the same answer), the way a model would:
// - max_tokens caps the answer, which then ends with finish reason "length";
// - n gives that many choices, each its own text;
// - stop cuts the text before the first stop sequence;
// - tools: a forced tool choice ({"type":"function",...}) or "required" always calls a tool
//   (the forced one; for "required" the one the last user message names, else the first); with
//   "auto" (the default when tools are given) the first tool the last user message names is
//   called, or the first tool when that message asks for a tool or a function; "none" never
//   calls. After a tool result the answer is text. Arguments match the tool's JSON Schema;
// - response_format json_object gives a JSON object, json_schema a value matching its schema.
struct MockChoice
{
    QStringList pieces; // the text as it streams: a piece per chunk
    QList<api::ToolCall> toolCalls;
    QByteArray finishReason; // stop, length, tool_calls
    qint64 completionTokens = 0;
};

std::vector<MockChoice> planMockAnswer(const api::CanonicalRequest& request,
                                       const config::MockModel& profile, const QString& model);

} // namespace gateway::providers
