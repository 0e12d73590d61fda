#pragma once

#include "api/Canonical.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

// Small readings of the canonical request that several adapters need: providers whose wire
// format differs from OpenAI's in how tool calls, tool results and images are written.
namespace gateway::providers {

// A tool call's arguments (JSON text, as the model produced it) as a JSON object: the form
// Gemini's functionCall.args and Ollama's function.arguments take. Empty text is {} (a call
// without parameters); anything but an object is nullopt.
std::optional<QJsonObject> argumentsObject(const QString& arguments);
// The same as compact JSON text, {} for arguments that are not an object (cut off, malformed):
// what the answer encoders write where a provider's format holds an object, never a string.
QByteArray argumentsObjectJson(const QString& arguments);

// The names of the tool calls made so far in a conversation, by call id. Providers that answer
// tool results by function name (Gemini's functionResponse, Ollama's tool_name) read the name
// of the call a result answers here. Fed the messages in order, so that an id used again in a
// later turn names the later call.
class ToolCallNames
{
public:
    void add(const api::Message& message);
    // The name of the call with id, empty when no earlier assistant message made it.
    QString nameOf(const QString& id) const { return m_names.value(id); }

private:
    QHash<QString, QString> m_names;
};
} // namespace gateway::providers
