@platform:kernel
Feature: Evidence is complete, durable and free of secrets
  Reports are built from the evidence log, never from memory, so the log must survive a
  crash and must never hold a private key, passphrase, password or token.

  @KERNEL-EVD-01
  Scenario: Every acknowledged evidence record survives kill -9
    When a process writing 10000 evidence records is killed with SIGKILL after 5000
    Then every record it acknowledged is readable from the evidence log

  @KERNEL-EVD-02
  Scenario: Tokens and passwords never reach the evidence log
    Given the client has a valid "pkioverheid" certificate for OIN "00000099000000000601"
    When the client sends a fresh bearer token and password to the echo endpoint
    Then the evidence log of this run contains neither the token nor the password
