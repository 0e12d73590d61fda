#pragma once

#include <QJsonObject>
#include <QJsonValue>

namespace gateway::providers {

// A value that matches a JSON Schema, made up deterministically from a seed: the mock backend's
// tool-call arguments and structured answers. It follows type (a list of types: the first that
// is not "null"), const, enum, default, properties and required (every property is filled),
// items with minItems, minimum/maximum (and the exclusive forms), minLength, the common string
// formats (date-time, date, time, email, uri, uuid), anyOf/oneOf/allOf (the first branch) and
// local $refs ("#/$defs/...", "#/definitions/..."). A pattern is not followed. Nesting deeper than
// 16 levels (a recursive schema) ends in null.
QJsonValue schemaExample(const QJsonObject& schema, quint64 seed);

} // namespace gateway::providers
