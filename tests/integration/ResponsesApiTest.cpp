// OpenAI's Responses API through real sockets: created on the built-in mock and on an
// OpenAI-format backend (ScriptedUpstream), continued with previous_response_id (the upstream
// gets the earlier turns), read back, listed, deleted, not stored with store:false, kept
// across a restart, and streamed as typed events in order.

#include "store/ResponseStore.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// A request of any method without a body (GET, DELETE).
Response send(quint16 port, const QByteArray& method, const QByteArray& path)
{
    Connection c(port);
    c.sendRaw(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    return c.read();
}

// The event names of an SSE body, in order, and their data objects.
struct Events
{
    QList<QByteArray> names;
    QList<QJsonObject> data;
};
Events sseEvents(const QByteArray& body)
{
    Events out;
    for (const QByteArray& line : body.split('\n')) {
        if (line.startsWith("event: "))
            out.names << line.mid(7);
        else if (line.startsWith("data: "))
            out.data << json(line.mid(6));
    }
    return out;
}

QByteArray chatAnswer(const QByteArray& text)
{
    return ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model","choices":[{"index":0,"message":{"role":"assistant","content":")" +
            text +
            R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}})");
}

QByteArray upstreamConfig(quint16 upstreamPort)
{
    return R"({"schemaVersion": 1, "logging": {"captureBodies": true},
      "backends": [{"name": "up", "type": "openai-compatible",
                    "baseUrl": "http://127.0.0.1:)" +
           QByteArray::number(upstreamPort) + R"(/v1"}],
      "models": [{"alias": "m", "targets": [{"backend": "up", "model": "upstream-model"}]}]})";
}

// The JSON body of the n-th request the upstream received.
QJsonObject upstreamBody(const ScriptedUpstream& upstream, int n)
{
    const QByteArray request = upstream.requests().value(n);
    return json(request.mid(request.indexOf("\r\n\r\n") + 4));
}

class ResponsesApiTest : public EngineFixture
{
};

} // namespace

TEST_F(ResponsesApiTest, CreateOnTheMockThenReadListAndDelete)
{
    startEngine(mockConfig);
    const Response created = post(port, "/v1/responses", R"({"model":"fast","input":"hello"})");
    ASSERT_EQ(created.status, 200) << created.body.constData();
    const QJsonObject response = json(created.body);
    const QString id = response.value("id").toString();
    EXPECT_EQ(id, "resp_" + QString::fromLatin1(created.header("x-request-id")));
    EXPECT_EQ(response.value("object").toString(), "response");
    EXPECT_EQ(response.value("status").toString(), "completed");
    const QJsonObject message = response.value("output").toArray()[0].toObject();
    EXPECT_EQ(message.value("type").toString(), "message");
    EXPECT_FALSE(message["content"].toArray()[0].toObject()["text"].toString().isEmpty());
    EXPECT_GT(response.value("usage").toObject().value("output_tokens").toInt(), 0);

    const Response retrieved = send(port, "GET", "/v1/responses/" + id.toUtf8());
    EXPECT_EQ(retrieved.status, 200);
    EXPECT_EQ(retrieved.body, created.body);

    const Response items = send(port, "GET", "/v1/responses/" + id.toUtf8() + "/input_items");
    ASSERT_EQ(items.status, 200) << items.body.constData();
    const QJsonObject list = json(items.body);
    EXPECT_EQ(list.value("object").toString(), "list");
    ASSERT_EQ(list.value("data").toArray().size(), 1);
    const QJsonObject item = list.value("data").toArray()[0].toObject();
    EXPECT_EQ(item.value("role").toString(), "user");
    EXPECT_EQ(item["content"].toArray()[0].toObject()["text"].toString(), "hello");
    EXPECT_EQ(list.value("first_id"), item.value("id"));
    EXPECT_FALSE(list.value("has_more").toBool(true));

    const Response deleted = send(port, "DELETE", "/v1/responses/" + id.toUtf8());
    ASSERT_EQ(deleted.status, 200);
    EXPECT_EQ(json(deleted.body),
              (QJsonObject{{"id", id}, {"object", "response"}, {"deleted", true}}));
    const Response gone = send(port, "GET", "/v1/responses/" + id.toUtf8());
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(json(gone.body)["error"].toObject()["message"].toString(),
              "Response with id '" + id + "' not found.");
    EXPECT_EQ(send(port, "DELETE", "/v1/responses/" + id.toUtf8()).status, 404);
    // The log keeps each operation under its own endpoint.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE endpoint IN ('responses.retrieve', "
                  "'responses.input_items', 'responses.delete')"),
              5);
    EXPECT_GE(sql("SELECT COUNT(*) FROM requests WHERE endpoint = 'responses.create'"), 1);
}

TEST_F(ResponsesApiTest, StoreFalseStoresNothing)
{
    startEngine(mockConfig);
    const Response created =
        post(port, "/responses", R"({"model":"fast","input":"hello","store":false})");
    ASSERT_EQ(created.status, 200);
    const QByteArray id = json(created.body).value("id").toString().toUtf8();
    EXPECT_FALSE(json(created.body).value("store").toBool(true));
    engine->responseStore()->flush();
    EXPECT_FALSE(engine->responseStore()->get(id));
    EXPECT_EQ(engine->responseStore()->written(), 0);
    EXPECT_EQ(send(port, "GET", "/responses/" + id).status, 404);
}

TEST_F(ResponsesApiTest, UnknownPreviousResponseIsA404InOpenAisShape)
{
    startEngine(mockConfig);
    const Response r = post(port, "/v1/responses",
                            R"({"model":"fast","input":"x","previous_response_id":"resp_nope"})");
    EXPECT_EQ(r.status, 404);
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["message"].toString(), "Previous response with id 'resp_nope' not found.");
    EXPECT_EQ(error["param"].toString(), "previous_response_id");
    EXPECT_EQ(error["type"].toString(), "invalid_request_error");
}

TEST_F(ResponsesApiTest, PreviousResponseIdSendsTheEarlierTurnsUpstream)
{
    ScriptedUpstream upstream(
        QList<QByteArray>{chatAnswer("The capital is Paris."), chatAnswer("About 2.1 million.")});
    startEngine(upstreamConfig(upstream.port()));
    const Response first = post(port, "/v1/responses",
                                R"({"model":"m","instructions":"Answer briefly.",
                                    "input":"What is the capital of France?"})");
    ASSERT_EQ(first.status, 200) << first.body.constData();
    const QString firstId = json(first.body).value("id").toString();
    EXPECT_EQ(json(first.body)["output"]
                  .toArray()[0]
                  .toObject()["content"]
                  .toArray()[0]
                  .toObject()["text"]
                  .toString(),
              "The capital is Paris.");

    const Response second =
        post(port, "/v1/responses",
             R"({"model":"m","input":"And its population?","previous_response_id":")" +
                 firstId.toUtf8() + "\"}");
    ASSERT_EQ(second.status, 200) << second.body.constData();
    EXPECT_EQ(json(second.body).value("previous_response_id").toString(), firstId);

    const QJsonArray messages = upstreamBody(upstream, 1).value("messages").toArray();
    ASSERT_EQ(messages.size(), 3) << QJsonDocument(messages).toJson().constData();
    EXPECT_EQ(messages[0].toObject()["role"].toString(), "user");
    EXPECT_EQ(messages[0].toObject()["content"].toString(), "What is the capital of France?");
    EXPECT_EQ(messages[1].toObject()["role"].toString(), "assistant");
    EXPECT_EQ(messages[1].toObject()["content"].toString(), "The capital is Paris.");
    EXPECT_EQ(messages[2].toObject()["content"].toString(), "And its population?");
    // Instructions do not carry over (OpenAI API reference, "instructions").
    EXPECT_EQ(upstreamBody(upstream, 0)["messages"].toArray()[0].toObject()["role"].toString(),
              "system");

    // The second response's input items are the whole conversation.
    const Response items =
        send(port, "GET",
             "/v1/responses/" + json(second.body).value("id").toString().toUtf8() +
                 "/input_items?order=asc&limit=2");
    const QJsonObject list = json(items.body);
    ASSERT_EQ(list["data"].toArray().size(), 2);
    EXPECT_TRUE(list["has_more"].toBool());
    EXPECT_EQ(list["data"].toArray()[1].toObject()["role"].toString(), "assistant");
    const Response rest =
        send(port, "GET",
             "/v1/responses/" + json(second.body).value("id").toString().toUtf8() +
                 "/input_items?order=asc&after=" + list["last_id"].toString().toUtf8());
    ASSERT_EQ(json(rest.body)["data"].toArray().size(), 1);
    EXPECT_EQ(json(rest.body)["data"]
                  .toArray()[0]
                  .toObject()["content"]
                  .toArray()[0]
                  .toObject()["text"]
                  .toString(),
              "And its population?");
}

TEST_F(ResponsesApiTest, AFunctionCallIsContinuedWithItsOutput)
{
    const QByteArray toolCall = ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}})");
    ScriptedUpstream upstream(QList<QByteArray>{toolCall, chatAnswer("It is 18C in Paris.")});
    startEngine(upstreamConfig(upstream.port()));
    const Response first = post(port, "/v1/responses", R"({"model":"m","input":"Weather in Paris?",
      "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})");
    ASSERT_EQ(first.status, 200) << first.body.constData();
    const QJsonObject call = json(first.body)["output"].toArray()[0].toObject();
    EXPECT_EQ(call["type"].toString(), "function_call");
    EXPECT_EQ(call["call_id"].toString(), "call_1");
    EXPECT_EQ(call["name"].toString(), "get_weather");
    EXPECT_EQ(call["arguments"].toString(), "{\"city\":\"Paris\"}");
    EXPECT_EQ(upstreamBody(upstream, 0)["tools"]
                  .toArray()[0]
                  .toObject()["function"]
                  .toObject()["name"]
                  .toString(),
              "get_weather");

    const Response second = post(
        port, "/v1/responses",
        R"({"model":"m","previous_response_id":")" + json(first.body)["id"].toString().toUtf8() +
            R"(","input":[{"type":"function_call_output","call_id":"call_1","output":"18C"}]})");
    ASSERT_EQ(second.status, 200) << second.body.constData();
    const QJsonArray messages = upstreamBody(upstream, 1).value("messages").toArray();
    ASSERT_EQ(messages.size(), 3);
    EXPECT_EQ(messages[1].toObject()["tool_calls"].toArray()[0].toObject()["id"].toString(),
              "call_1");
    EXPECT_EQ(messages[2].toObject()["role"].toString(), "tool");
    EXPECT_EQ(messages[2].toObject()["tool_call_id"].toString(), "call_1");
    EXPECT_EQ(messages[2].toObject()["content"].toString(), "18C");
}

TEST_F(ResponsesApiTest, StreamingSendsTheTypedEventsInOrder)
{
    startEngine(mockConfig);
    const Response r =
        post(port, "/v1/responses", R"({"model":"fast","input":"hi","stream":true})");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    const Events events = sseEvents(r.body);
    ASSERT_GE(events.names.size(), 9);
    const QList<QByteArray> head = {"response.created", "response.in_progress",
                                    "response.output_item.added", "response.content_part.added",
                                    "response.output_text.delta"};
    EXPECT_EQ(events.names.mid(0, 5), head);
    const QList<QByteArray> tail = {"response.output_text.done", "response.content_part.done",
                                    "response.output_item.done", "response.completed"};
    EXPECT_EQ(events.names.mid(events.names.size() - 4), tail);
    for (int i = 0; i < events.data.size(); ++i)
        EXPECT_EQ(events.data[i]["sequence_number"].toInt(-1), i);
    QString text;
    for (int i = 0; i < events.names.size(); ++i)
        if (events.names[i] == "response.output_text.delta")
            text += events.data[i]["delta"].toString();
    const QJsonObject completed = events.data.last()["response"].toObject();
    EXPECT_EQ(completed["output"]
                  .toArray()[0]
                  .toObject()["content"]
                  .toArray()[0]
                  .toObject()["text"]
                  .toString(),
              text);
    // The streamed response is stored as response.completed carried it.
    const Response stored =
        send(port, "GET", "/v1/responses/" + completed["id"].toString().toUtf8());
    EXPECT_EQ(json(stored.body), completed);
}

TEST_F(ResponsesApiTest, AStoredResponseSurvivesARestart)
{
    startEngine(mockConfig);
    const Response created = post(port, "/v1/responses", R"({"model":"fast","input":"hello"})");
    ASSERT_EQ(created.status, 200);
    const QByteArray id = json(created.body).value("id").toString().toUtf8();
    engine->stop();
    engine.reset();
    startEngine(mockConfig);
    const Response retrieved = send(port, "GET", "/v1/responses/" + id);
    EXPECT_EQ(retrieved.status, 200);
    EXPECT_EQ(retrieved.body, created.body);
    EXPECT_EQ(post(port, "/v1/responses",
                   R"({"model":"fast","input":"again","previous_response_id":")" + id + "\"}")
                  .status,
              200);
}

TEST_F(ResponsesApiTest, BadRequestsAreRefusedInOpenAisShape)
{
    startEngine(mockConfig);
    const Response r =
        post(port, "/v1/responses",
             R"({"model":"fast","input":"x","tools":[{"type":"web_search_preview"}]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json(r.body)["error"].toObject()["param"].toString(), "tools[0].type");
    EXPECT_EQ(send(port, "GET", "/v1/responses/resp_x/other").status, 404);
    EXPECT_EQ(send(port, "DELETE", "/v1/responses/resp_x/input_items").status, 404);
    EXPECT_EQ(post(port, "/v1/responses", R"({"model":"nope","input":"x"})").status, 404);
}
