#include "state/SharedState.h"

#include <gtest/gtest.h>

using gateway::state::SharedState;
using gateway::state::StageCounters;

TEST(SharedState, StageCountersRegisterOncePerName)
{
    SharedState state;
    StageCounters& parse = state.stageCounters("parse");
    StageCounters& again = state.stageCounters("parse");
    StageCounters& route = state.stageCounters("route");
    EXPECT_EQ(&parse, &again);
    EXPECT_NE(&parse, &route);
    EXPECT_EQ(parse.stage(), "parse");

    // A counter's address never changes, whatever is registered after it.
    std::atomic<quint64>& rejected = parse.counter("rejected");
    for (int i = 0; i < 100; ++i)
        parse.counter("event" + QByteArray::number(i));
    EXPECT_EQ(&parse.counter("rejected"), &rejected);
    rejected.fetch_add(3);
    EXPECT_EQ(parse.counter("rejected").load(), 3u);
}

TEST(SharedState, ExpositionListsEveryCounter)
{
    SharedState state;
    EXPECT_EQ(state.exposition(),
              "# HELP switchboard_stage_events_total Events counted by each pipeline stage.\n"
              "# TYPE switchboard_stage_events_total counter\n");

    state.stageCounters("parse").counter("rejected").fetch_add(2);
    state.stageCounters("parse").counter("accepted");
    state.stageCounters("route").counter("model_not_found").fetch_add(1);
    // Registered again after a reload: the same counters, counting on.
    state.stageCounters("parse").counter("rejected").fetch_add(1);

    EXPECT_EQ(state.exposition(),
              "# HELP switchboard_stage_events_total Events counted by each pipeline stage.\n"
              "# TYPE switchboard_stage_events_total counter\n"
              "switchboard_stage_events_total{stage=\"parse\",event=\"rejected\"} 3\n"
              "switchboard_stage_events_total{stage=\"parse\",event=\"accepted\"} 0\n"
              "switchboard_stage_events_total{stage=\"route\",event=\"model_not_found\"} 1\n");

    QByteArray one;
    state.stageCounters("route").appendExposition(one);
    EXPECT_EQ(one, "switchboard_stage_events_total{stage=\"route\",event=\"model_not_found\"} 1\n");
}

TEST(SharedState, SlotReturnsTheSameObjectForAKey)
{
    SharedState state;
    int made = 0;
    const std::function<std::shared_ptr<int>()> make = [&made] {
        ++made;
        return std::make_shared<int>(made * 10);
    };
    const auto a = state.slot<int>("mock:b/m", make);
    const auto b = state.slot<int>("mock:b/m", make);
    const auto c = state.slot<int>("mock:b/other", make);
    EXPECT_EQ(a.get(), b.get());
    EXPECT_NE(a.get(), c.get());
    EXPECT_EQ(*a, 10);
    EXPECT_EQ(*c, 20);
    EXPECT_EQ(made, 2);
    EXPECT_EQ(state.slotCount(), 2);
}

TEST(SharedState, RetainSlotsDropsWhatThePredicateRefuses)
{
    SharedState state;
    auto make = [] { return std::make_shared<int>(1); };
    for (const char* key : {"mock:a/1", "mock:a/2", "limit:key-1", "mock:b/1"})
        state.slot<int>(key, make);
    ASSERT_EQ(state.slotCount(), 4);
    const auto kept = state.slot<int>("mock:a/1", make);
    const std::weak_ptr<int> dropped = state.slot<int>("mock:b/1", make);

    state.retainSlots([](const QString& key) { return !key.startsWith("mock:b/"); });
    EXPECT_EQ(state.slotCount(), 3);
    EXPECT_TRUE(dropped.expired());
    // A kept slot is the same object; a dropped one is made anew.
    int made = 0;
    const std::function<std::shared_ptr<int>()> counting = [&made] {
        ++made;
        return std::make_shared<int>(2);
    };
    EXPECT_EQ(state.slot<int>("mock:a/1", counting).get(), kept.get());
    EXPECT_EQ(made, 0);
    EXPECT_EQ(*state.slot<int>("mock:b/1", counting), 2);
    EXPECT_EQ(made, 1);

    state.retainSlots([](const QString&) { return false; });
    EXPECT_EQ(state.slotCount(), 0);
}
