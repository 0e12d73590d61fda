#include "providers/mock/SchemaExample.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using gateway::providers::schemaExample;

namespace {

QJsonObject schema(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

TEST(SchemaExample, FollowsTypesBoundsEnumsAndFormats)
{
    const QJsonObject value = schemaExample(schema(R"({"type":"object","properties":{
        "n":{"type":"integer","exclusiveMinimum":10,"maximum":20},
        "x":{"type":"number","maximum":-2},
        "flag":{"type":"boolean"},
        "when":{"type":"string","format":"date-time"},
        "mail":{"type":"string","format":"email"},
        "short":{"type":"string","maxLength":3},
        "long":{"type":"string","minLength":20},
        "color":{"enum":["red","green"]},
        "fixed":{"const":42},
        "maybe":{"type":["null","string"]},
        "list":{"type":"array","items":{"type":"integer"},"minItems":3,"maxItems":3}}})"),
                                            1)
                                  .toObject();
    EXPECT_GE(value.value("n").toInt(), 11);
    EXPECT_LE(value.value("n").toInt(), 20);
    EXPECT_LE(value.value("x").toDouble(), -2);
    EXPECT_TRUE(value.value("flag").isBool());
    EXPECT_EQ(value.value("when").toString(), QStringLiteral("2026-01-15T09:30:00Z"));
    EXPECT_TRUE(value.value("mail").toString().contains(QLatin1Char('@')));
    EXPECT_LE(value.value("short").toString().size(), 3);
    EXPECT_GE(value.value("long").toString().size(), 20);
    EXPECT_TRUE(QStringList({"red", "green"}).contains(value.value("color").toString()));
    EXPECT_EQ(value.value("fixed").toInt(), 42);
    EXPECT_TRUE(value.value("maybe").isString());
    EXPECT_EQ(value.value("list").toArray().size(), 3);
}

TEST(SchemaExample, ResolvesLocalRefsAndStopsOnRecursion)
{
    const QJsonObject tree = schema(R"({"$defs":{"node":{"type":"object","properties":{
        "name":{"type":"string"},"child":{"$ref":"#/$defs/node"}},"required":["name"]}},
        "$ref":"#/$defs/node"})");
    const QJsonObject value = schemaExample(tree, 5).toObject();
    EXPECT_TRUE(value.value("name").isString());
    // Deep enough to show the recursion was followed, and it ended.
    EXPECT_TRUE(value.value("child").toObject().value("child").toObject().contains("name"));
    EXPECT_EQ(schemaExample(tree, 5), value); // deterministic
}

TEST(SchemaExample, TakesTheFirstBranchAndFillsRequiredNamesWithoutSchemas)
{
    const QJsonObject value = schemaExample(schema(R"({"type":"object",
        "properties":{"id":{"anyOf":[{"type":"integer","minimum":5},{"type":"string"}]}},
        "required":["id","note"]})"),
                                            3)
                                  .toObject();
    EXPECT_GE(value.value("id").toInt(), 5);
    EXPECT_TRUE(value.value("note").isString());
}

TEST(SchemaExample, HugeBoundsStayDefinedIntegers)
{
    const QJsonValue n = schemaExample(schema(R"({"type":"integer","minimum":1e300})"), 1);
    EXPECT_EQ(n.toDouble(), 9007199254740992.0);
}
