// Package notify turns what sunset judges due into messages for people:
// the step a reminder has reached, the items of each recipient's digest,
// the digest as plain text, HTML and webhook JSON (Slack- and
// Teams-compatible when the URL is theirs), and a courier that hands a
// digest to the mail or webhook sender. What is due, and who owns it, is
// lifecycle/service's to say; which steps were already sent is the
// store's sent-log.
package notify
