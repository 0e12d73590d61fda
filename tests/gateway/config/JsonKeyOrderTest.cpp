#include "config/JsonKeyOrder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <gtest/gtest.h>

using gateway::config::JsonKeyOrder;

namespace {

// Keys in an order that is not alphabetical at every level, in objects within arrays too.
const QByteArray written = R"({
  "schemaVersion": 1,
  "server": { "listen": "127.0.0.1:4000", "limits": { "maxBodyBytes": 1048576, "idleTimeoutMs": 5000 } },
  "backends": [
    { "type": "mock", "name": "mock", "models": [ { "name": "m", "ttftMs": 5, "failure": { "status": 503, "rate": 0.5 } } ] },
    { "type": "openai-compatible", "name": "local", "baseUrl": "http://127.0.0.1:8000/v1", "apiKey": "env:K" }
  ],
  "models": [
    { "targets": [ { "model": "m", "backend": "mock" } ], "alias": "fast" }
  ]
})";

// The keys of the text in the order they appear, each with its depth of nesting.
QStringList keysInOrder(const QByteArray& json)
{
    QStringList keys;
    static const QRegularExpression key(QStringLiteral("\"([^\"]+)\"\\s*:"));
    for (const QRegularExpressionMatch& m : key.globalMatch(QString::fromUtf8(json)))
        keys << m.captured(1);
    return keys;
}

QJsonObject parsed(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

TEST(JsonKeyOrder, AnUnchangedDocumentIsWrittenInTheOrderItWasRead)
{
    const QByteArray out = JsonKeyOrder::of(written).write(parsed(written));
    EXPECT_EQ(keysInOrder(out), keysInOrder(written)) << out.constData();
    EXPECT_EQ(parsed(out), parsed(written));
}

TEST(JsonKeyOrder, AnEditKeepsTheOrderAndNewKeysComeAfterTheKnownOnes)
{
    const JsonKeyOrder order = JsonKeyOrder::of(written);
    QJsonObject doc = parsed(written);
    QJsonArray models = doc.value(QStringLiteral("models")).toArray();
    QJsonObject alias = models.at(0).toObject();
    alias.insert(QStringLiteral("alias"), QStringLiteral("renamed"));
    alias.insert(QStringLiteral("description"), QStringLiteral("new key")); // not in the text
    models.replace(0, alias);
    doc.insert(QStringLiteral("models"), models);

    const QByteArray out = order.write(doc);
    EXPECT_EQ(parsed(out), doc);
    QStringList expected = keysInOrder(written);
    expected.append(QStringLiteral("description"));
    EXPECT_EQ(keysInOrder(out), expected) << out.constData();
}

TEST(JsonKeyOrder, ANewArrayElementIsWrittenLikeItsSiblings)
{
    const JsonKeyOrder order = JsonKeyOrder::of(written);
    QJsonObject doc = parsed(written);
    QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
    backends.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("new")},
                                {QStringLiteral("type"), QStringLiteral("openai-compatible")},
                                {QStringLiteral("baseUrl"), QStringLiteral("http://h/v1")}});
    doc.insert(QStringLiteral("backends"), backends);
    const QByteArray out = order.write(doc);
    EXPECT_TRUE(out.contains(R"({
            "type": "openai-compatible",
            "name": "new",
            "baseUrl": "http://h/v1"
        })"))
        << out.constData();
}

TEST(JsonKeyOrder, RemovedKeysAndElementsAreGone)
{
    const JsonKeyOrder order = JsonKeyOrder::of(written);
    QJsonObject doc = parsed(written);
    QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
    backends.removeAt(0);
    doc.insert(QStringLiteral("backends"), backends);
    doc.remove(QStringLiteral("server"));
    const QByteArray out = order.write(doc);
    EXPECT_EQ(parsed(out), doc);
    EXPECT_EQ(keysInOrder(out),
              (QStringList{"schemaVersion", "backends", "type", "name", "baseUrl", "apiKey",
                           "models", "targets", "model", "backend", "alias"}))
        << out.constData();
}

TEST(JsonKeyOrder, EscapedKeysStringsAndNumbersSurvive)
{
    const QByteArray text =
        R"({"z\"q": "a \"quoted\" \\ value", "a": [1.5, -2, 1e+21, true, null, {}], "é": []})";
    const JsonKeyOrder order = JsonKeyOrder::of(text);
    const QByteArray out = order.write(parsed(text));
    EXPECT_EQ(parsed(out), parsed(text)) << out.constData();
    EXPECT_LT(out.indexOf("z\\\"q"), out.indexOf("\"a\"")) << out.constData();
    EXPECT_LT(out.indexOf("\"a\""), out.indexOf("\"é\"")) << out.constData();
}

TEST(JsonKeyOrder, TextThatIsNotAnObjectGivesAlphabeticalOrder)
{
    const QJsonObject doc{{QStringLiteral("b"), 1}, {QStringLiteral("a"), 2}};
    for (const QByteArray& text : {QByteArray("not json {"), QByteArray("[1, 2]"), QByteArray()})
        EXPECT_EQ(JsonKeyOrder::of(text).write(doc),
                  QByteArray("{\n    \"a\": 2,\n    \"b\": 1\n}\n"));
}
