package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.sink.openfalcon.ResponseCheck;
import io.containernetstat.sink.openfalcon.internal.Replies.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepliesTest {

  @ParameterizedTest(name = "{0} {1} ''{2}'': delivered={3} retryable={4} rejected={5}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ANY             | 200 | success                                           | true  | false | 0
      ANY             | 200 | `success\n`                                       | true  | false | 0
      ANY             | 200 | `{"succ":10,"fail":0,"msg":"received"}`           | true  | false | 0
      ANY             | 200 | `{"succ":8,"fail":2,"msg":"received"}`            | true  | false | 2
      ANY             | 200 | `{"msg":"success","data":{"Total":5,"Invalid":1}}`| true  | false | 1
      ANY             | 200 | `{"x":{"y":[1,{"succ":9}]},"succ":3,"fail":"1"}`  | true  | false | 1
      ANY             | 200 | `{"succ":5,"fail":2.9}`                            | true  | false | 2
      ANY             | 200 | `{"succ":"5","fail":0}`                            | false | false | 0
      ANY             | 200 | `{"succ":1,"fail":-4}`                             | true  | false | 0
      ANY             | 200 | `{"succ":1,"fail":0} trailing`                     | true  | false | 0
      ANY             | 200 | `{"msg":"success","data":{"a":[{}],"Invalid":"3"}}`| true  | false | 3
      ANY             | 200 | `{"msg":"success","data":[1]}`                     | true  | false | 0
      ANY             | 200 | `{"msg":{"text":"success"}}`                       | false | false | 0
      ANY             | 200 | `{"msg":"success","data":{"Invalid":1}`            | false | false | 0
      ANY             | 200 | `[{"succ":1}]`                                     | false | false | 0
      ANY             | 200 | ok                                                | false | false | 0
      ANY             | 200 | `<html>proxy</html>`                              | false | false | 0
      ANY             | 200 | ``                                                | false | false | 0
      ANY             | 200 | `{"error":"nope"}`                                | false | false | 0
      ANY             | 200 | `{"succ":`                                        | false | false | 0
      ANY             | 204 | success                                           | true  | false | 0
      FALCON_AGENT    | 200 | success                                           | true  | false | 0
      FALCON_AGENT    | 200 | `{"succ":10,"fail":0,"msg":"received"}`           | false | false | 0
      NIGHTINGALE     | 200 | `{"succ":10,"fail":0,"msg":"received"}`           | true  | false | 0
      NIGHTINGALE     | 200 | success                                           | false | false | 0
      NIGHTINGALE     | 200 | `{"msg":"success","data":{"Invalid":0}}`          | false | false | 0
      FALCON_TRANSFER | 200 | `{"msg":"success","data":{"Invalid":0}}`          | true  | false | 0
      FALCON_TRANSFER | 200 | `{"succ":1}`                                      | false | false | 0
      ANY             | 400 | connot decode body                                | false | false | 0
      ANY             | 400 | success                                           | false | false | 0
      ANY             | 404 | ``                                                | false | false | 0
      ANY             | 408 | ``                                                | false | true  | 0
      ANY             | 429 | ``                                                | false | true  | 0
      ANY             | 499 | queue full                                        | false | true  | 0
      ANY             | 500 | ``                                                | false | true  | 0
      ANY             | 503 | success                                           | false | true  | 0
      ANY             | 302 | ``                                                | false | false | 0
      """)
  void replyIsJudgedByStatusAndBody(ResponseCheck check, int code, String body, boolean delivered,
      boolean retryable, long rejected) {
    Outcome outcome = Replies.judge(check, code, body.replace("\\n", "\n"));
    assertThat(outcome.delivered()).as("delivered: %s", outcome).isEqualTo(delivered);
    assertThat(outcome.retryable()).as("retryable: %s", outcome).isEqualTo(retryable);
    assertThat(outcome.rejected()).as("rejected: %s", outcome).isEqualTo(rejected);
    if (!delivered || rejected > 0) {
      assertThat(outcome.error()).isNotBlank();
    } else {
      assertThat(outcome.error()).isNull();
    }
  }

  @org.junit.jupiter.api.Test
  void errorQuotesALongBodyOnlyInPart() {
    Outcome outcome = Replies.judge(ResponseCheck.ANY, 200, "x".repeat(10_000));
    assertThat(outcome.error()).hasSizeLessThan(300).contains("unexpected body");
  }
}
