@platform:kernel
Feature: Fault injection makes the simulators misbehave on purpose
  Integrators must show their software survives slow, failing and broken responses.
  Fault rules are data, set through the admin API or a step, and each applied fault is
  recorded in the evidence.

  Background:
    Given the client has a valid "pkioverheid" certificate for OIN "00000099000000000401"

  @KERNEL-FLT-01
  Scenario: An injected status code is returned instead of the real answer
    Given a fault rule answers "GET /echo" with status 503
    When the client fetches 2048 bytes from the echo endpoint
    Then the client receives status 503
    And the evidence records the "status" fault on "/echo"

  @KERNEL-FLT-02
  Scenario: An injected drop closes the connection without an answer
    Given a fault rule drops "GET /echo"
    When the client fetches 2048 bytes from the echo endpoint
    Then the client sees the connection closed without a response
    And the evidence records the "drop" fault on "/echo"

  @KERNEL-FLT-03
  Scenario: Injected latency delays the answer
    Given a fault rule delays "GET /echo" by 400 ms
    When the client fetches 2048 bytes from the echo endpoint
    Then the client receives status 200
    And the exchange took at least 400 ms
    And the evidence records the "latency" fault on "/echo"

  @KERNEL-FLT-04
  Scenario: A truncated body is shorter than its Content-Length
    Given a fault rule truncates "GET /echo" after 100 bytes
    When the client fetches 2048 bytes from the echo endpoint
    Then the client receives fewer bytes than the announced Content-Length
    And the evidence records the "truncate" fault on "/echo"

  @KERNEL-FLT-05
  Scenario: A corrupted body has the right length but other bytes
    Given a fault rule corrupts "GET /echo"
    When the client fetches 2048 bytes from the echo endpoint
    Then the client receives 2048 bytes that differ from the real payload
    And the evidence records the "corrupt" fault on "/echo"

  @KERNEL-FLT-06
  Scenario: A fault limited to one request affects only the first
    Given a fault rule answers "GET /echo" with status 503 once
    When the client fetches 2048 bytes from the echo endpoint
    And the client fetches 2048 bytes from the echo endpoint again
    Then the first answer had status 503 and the second status 200
