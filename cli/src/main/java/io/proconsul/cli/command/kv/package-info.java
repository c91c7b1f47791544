/**
 * {@code consul kv get|put|delete|export|import}, one class per verb as Consul's {@code command/kv/*}
 * folders. Flags, argument handling, output bytes, messages and exit codes follow Consul's commands: data
 * on stdout, messages on stderr, exit 1 on any error; options end at the first argument, as with Go's
 * {@code flag} package.
 */
package io.proconsul.cli.command.kv;
