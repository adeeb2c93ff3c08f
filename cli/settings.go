package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

func settingCmds() []*command {
	return []*command{settingsGetCmd(), settingsSetCmd()}
}

var settingsDetail = "Keys: smtp.host, smtp.port, smtp.from, smtp.username, smtp.password, smtp.tls (none|starttls|tls),\n" +
	"desk.lock_minutes (idle minutes before the desk locks, 0-1440; 0: never by itself),\n" +
	"usecase.<name>.enabled (true|false; order_card, order_temporary_cards, abort_card_order,\n" +
	"update_card_order, temporary_cards), station.name, production.url, production.client_id,\n" +
	"production.client_secret, production.layout, production.queue (true|false),\n" +
	"production.sync_interval (10s to 24h), backup.keep (daily backups kept, 0-365; 0: none),\n" +
	"backup.dir (a full folder path; empty: backups beside the database). Secret values print as (set),\n" +
	"or (set, but this station lacks the key) where the key they are sealed with is missing\n" +
	"(README: Secrets; CARDDESK_SECRET_KEY_FILE names a key file)."

func settingsGetCmd() *command {
	return &command{
		name:     "settings get",
		synopsis: "KEY",
		summary:  "print a station setting (administrators only)",
		detail:   settingsDetail,
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		run: func(ctx context.Context, c *call) error {
			s, err := c.st.Settings.Get(ctx, c.actor, c.args[0])
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), map[string]any{"key": s.Key, "value": s.Value, "set": s.IsSet, "secret": s.Secret})
			}
			_, err = fmt.Fprintln(c.stdout(), s.Value)
			return err
		},
	}
}

func settingsSetCmd() *command {
	return &command{
		name:     "settings set",
		synopsis: "KEY VALUE",
		summary:  "change a station setting (administrators only)",
		detail: settingsDetail + "\nVALUE - reads the value from the first line of standard input, which keeps a\n" +
			"secret such as smtp.password out of the shell history and the process list.",
		access:  signedIn,
		minArgs: 2,
		maxArgs: 2,
		run: func(ctx context.Context, c *call) error {
			key, value := c.args[0], c.args[1]
			if value == "-" {
				var err error
				if value, err = readLine(c.env.Stdin); err != nil {
					return err
				}
			}
			if err := c.st.Settings.Set(ctx, c.actor, key, value); err != nil {
				return err
			}
			_, err := fmt.Fprintf(c.stdout(), "%s saved\n", key)
			return err
		},
	}
}

// readLine reads one line without its line ending.
func readLine(r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("no standard input to read the value from")
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the value from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
