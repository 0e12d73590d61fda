#include "providers/mock/MockAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace gateway;
using gateway::providers::MockChoice;
using gateway::providers::planMockAnswer;

namespace {

api::Message user(const QString& text)
{
    api::Message m;
    m.role = api::Role::User;
    api::ContentPart p;
    p.text = text;
    m.parts << p;
    return m;
}

api::Tool weatherTool()
{
    api::Tool t;
    t.name = QStringLiteral("get_weather");
    t.parameters = QJsonDocument::fromJson(R"({"type":"object","properties":{
        "city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},
        "days":{"type":"integer","minimum":1,"maximum":7}},"required":["city","unit"]})")
                       .object();
    return t;
}

api::Tool timeTool()
{
    api::Tool t;
    t.name = QStringLiteral("get_time");
    t.parameters = QJsonDocument::fromJson(R"({"type":"object","properties":{
        "zone":{"type":"string"}}})")
                       .object();
    return t;
}

api::CanonicalRequest ask(const QString& text)
{
    api::CanonicalRequest r;
    r.messages << user(text);
    return r;
}

std::vector<MockChoice> plan(const api::CanonicalRequest& r, int outputTokens = 24)
{
    config::MockModel profile;
    profile.outputTokens = outputTokens;
    return planMockAnswer(r, profile, QStringLiteral("mock-fast"));
}

QString text(const MockChoice& c)
{
    return c.pieces.join(QString());
}

} // namespace

TEST(MockAnswer, MaxTokensCutsTheAnswerAndSaysLength)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    EXPECT_EQ(plan(r).front().finishReason, "stop");
    EXPECT_EQ(plan(r).front().completionTokens, 24);
    r.maxTokens = 5;
    const MockChoice cut = plan(r).front();
    EXPECT_EQ(cut.finishReason, "length");
    EXPECT_EQ(cut.completionTokens, 5);
    EXPECT_EQ(text(cut).split(QLatin1Char(' ')).size(), 5);
    // The cut answer is the start of the whole one.
    EXPECT_TRUE(text(plan(ask(QStringLiteral("hello"))).front()).startsWith(text(cut)));
}

TEST(MockAnswer, NGivesThatManyDifferentChoicesAndTheFirstIsTheUsualAnswer)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    const QString usual = text(plan(r).front());
    r.n = 3;
    const std::vector<MockChoice> choices = plan(r);
    ASSERT_EQ(choices.size(), 3u);
    EXPECT_EQ(text(choices[0]), usual);
    EXPECT_NE(text(choices[1]), text(choices[0]));
    EXPECT_NE(text(choices[2]), text(choices[1]));
}

TEST(MockAnswer, AStopSequenceCutsTheTextBeforeIt)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    const QStringList words = text(plan(r).front()).split(QLatin1Char(' '));
    r.stop << QStringLiteral(" ") + words.at(3);
    const MockChoice c = plan(r).front();
    EXPECT_EQ(text(c), QStringList(words.mid(0, 3)).join(QLatin1Char(' ')));
    EXPECT_EQ(c.finishReason, "stop");
    EXPECT_EQ(c.completionTokens, 3);
}

TEST(MockAnswer, AForcedOrRequiredToolChoiceAlwaysCallsATool)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    r.tools << weatherTool() << timeTool();
    r.toolChoice =
        QJsonObject{{"type", "function"}, {"function", QJsonObject{{"name", "get_time"}}}};
    MockChoice c = plan(r).front();
    ASSERT_EQ(c.toolCalls.size(), 1);
    EXPECT_EQ(c.toolCalls.first().name, QStringLiteral("get_time"));
    EXPECT_EQ(c.finishReason, "tool_calls");
    EXPECT_TRUE(c.pieces.isEmpty());

    r.toolChoice = QStringLiteral("required");
    c = plan(r).front();
    ASSERT_EQ(c.toolCalls.size(), 1);
    EXPECT_EQ(c.toolCalls.first().name, QStringLiteral("get_weather"));
    r.messages = {user(QStringLiteral("what is the get_time in Paris"))};
    EXPECT_EQ(plan(r).front().toolCalls.first().name, QStringLiteral("get_time"));
}

TEST(MockAnswer, WithAutoAToolIsCalledOnlyWhenTheUserNamesOrAsksForOne)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello there"));
    r.tools << weatherTool() << timeTool();
    EXPECT_TRUE(plan(r).front().toolCalls.isEmpty());
    r.messages = {user(QStringLiteral("please call GET_TIME for me"))};
    EXPECT_EQ(plan(r).front().toolCalls.first().name, QStringLiteral("get_time"));
    r.messages = {user(QStringLiteral("use a tool to find out"))};
    EXPECT_EQ(plan(r).front().toolCalls.first().name, QStringLiteral("get_weather"));
    r.toolChoice = QStringLiteral("none");
    EXPECT_TRUE(plan(r).front().toolCalls.isEmpty());
}

TEST(MockAnswer, AfterAToolResultTheAnswerIsText)
{
    api::CanonicalRequest r = ask(QStringLiteral("use the get_weather tool"));
    r.tools << weatherTool();
    r.toolChoice = QStringLiteral("required");
    const MockChoice call = plan(r).front();
    ASSERT_EQ(call.toolCalls.size(), 1);
    api::Message assistant;
    assistant.role = api::Role::Assistant;
    assistant.toolCalls = call.toolCalls;
    api::Message result;
    result.role = api::Role::Tool;
    result.toolCallId = call.toolCalls.first().id;
    api::ContentPart p;
    p.text = QStringLiteral("18 degrees");
    result.parts << p;
    r.messages << assistant << result;
    const MockChoice answer = plan(r).front();
    EXPECT_TRUE(answer.toolCalls.isEmpty());
    EXPECT_EQ(answer.finishReason, "stop");
    EXPECT_FALSE(text(answer).isEmpty());
}

TEST(MockAnswer, ToolArgumentsMatchTheSchemaAndAreDeterministic)
{
    api::CanonicalRequest r = ask(QStringLiteral("weather tool please"));
    r.tools << weatherTool();
    const MockChoice c = plan(r).front();
    ASSERT_EQ(c.toolCalls.size(), 1);
    EXPECT_TRUE(c.toolCalls.first().id.startsWith(QStringLiteral("call_")));
    QJsonParseError error;
    const QJsonObject args =
        QJsonDocument::fromJson(c.toolCalls.first().arguments.toUtf8(), &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError);
    EXPECT_TRUE(args.value(QStringLiteral("city")).isString());
    const QString unit = args.value(QStringLiteral("unit")).toString();
    EXPECT_TRUE(unit == QLatin1String("celsius") || unit == QLatin1String("fahrenheit"));
    const int days = args.value(QStringLiteral("days")).toInt();
    EXPECT_GE(days, 1);
    EXPECT_LE(days, 7);
    EXPECT_EQ(plan(r).front().toolCalls.first().arguments, c.toolCalls.first().arguments);
    EXPECT_EQ(plan(r).front().toolCalls.first().id, c.toolCalls.first().id);
}

TEST(MockAnswer, ResponseFormatGivesJsonThatMatchesTheSchema)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    r.responseFormat = QJsonObject{{"type", "json_object"}};
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(text(plan(r).front()).toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << qPrintable(text(plan(r).front()));
    EXPECT_TRUE(doc.isObject());

    r.responseFormat = QJsonDocument::fromJson(R"({"type":"json_schema","json_schema":{
        "name":"person","strict":true,"schema":{"type":"object","properties":{
        "name":{"type":"string"},"age":{"type":"integer","minimum":18},
        "tags":{"type":"array","items":{"type":"string"},"minItems":2}},
        "required":["name","age","tags"],"additionalProperties":false}}})")
                           .object();
    const MockChoice c = plan(r).front();
    doc = QJsonDocument::fromJson(text(c).toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << qPrintable(text(c));
    const QJsonObject person = doc.object();
    EXPECT_TRUE(person.value(QStringLiteral("name")).isString());
    EXPECT_GE(person.value(QStringLiteral("age")).toInt(), 18);
    EXPECT_EQ(person.value(QStringLiteral("tags")).toArray().size(), 2);
    EXPECT_EQ(person.size(), 3);
    EXPECT_EQ(c.finishReason, "stop");
}

TEST(MockAnswer, AJsonAnswerIsCutByMaxTokensOnlyNotByTheModelsAnswerLength)
{
    api::CanonicalRequest r = ask(QStringLiteral("hello"));
    QJsonObject properties;
    for (int i = 0; i < 20; ++i)
        properties.insert(QStringLiteral("field_%1").arg(i),
                          QJsonObject{{"type", "string"}, {"minLength", 12}});
    r.responseFormat = QJsonObject{
        {"type", "json_schema"},
        {"json_schema",
         QJsonObject{{"schema", QJsonObject{{"type", "object"}, {"properties", properties}}}}}};
    const MockChoice whole = plan(r, 4).front(); // a model that answers in 4 tokens
    EXPECT_EQ(whole.finishReason, "stop");
    EXPECT_GT(whole.completionTokens, 4);
    EXPECT_TRUE(QJsonDocument::fromJson(text(whole).toUtf8()).isObject());
    r.maxTokens = 10;
    const MockChoice cut = plan(r, 4).front();
    EXPECT_EQ(cut.finishReason, "length");
    EXPECT_EQ(cut.completionTokens, 10);
}
