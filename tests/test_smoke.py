from tests.conftest import Harness


async def test_log_then_ask(bot_no_vectors: Harness):
    reply = await bot_no_vectors.say("Had coffee with Sam Lee at Blue Bottle today. He just got engaged to Priya! "
                                     "His birthday is March 3.")
    assert "Sam Lee" in reply and "Blue Bottle" in reply and "Priya" in reply and "Mar 3" in reply
    assert "Mar 3" in await bot_no_vectors.say("when is sam's birthday?")
