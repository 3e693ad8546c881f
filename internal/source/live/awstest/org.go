package awstest

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// ServeOrganization serves an AWS Organization of many accounts from one
// server: organizations:ListAccounts lists ids (20 a page, AWS's largest
// page) as active accounts, sts:AssumeRole of any role in one of them
// returns credentials whose access key ID is "ASIA" + the account ID, and
// every operation ServeAccount answers is answered from the estate of the
// account the request's credentials name (management's for any other
// credentials). account gives each account's estate, on first use; its ID
// is set. Deployment packages are not served.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
func (s *Server) ServeOrganization(management string, ids []string, account func(id string) *Account) {
	var mu sync.Mutex
	handlers := map[string]map[string]Handler{} // account -> "service/op" -> handler
	member := map[string]bool{management: true}
	for _, id := range ids {
		member[id] = true
	}
	of := func(id string) map[string]Handler {
		mu.Lock()
		defer mu.Unlock()
		if h := handlers[id]; h != nil {
			return h
		}
		a := account(id)
		a.ID = id
		h := map[string]Handler{}
		s.serveAccount(a, func(service, op string, fn Handler) { h[service+"/"+op] = fn })
		handlers[id] = h
		return h
	}
	// The operations an account answers, learnt from an empty one.
	var ops [][2]string
	s.serveAccount(&Account{}, func(service, op string, _ Handler) { ops = append(ops, [2]string{service, op}) })
	for _, so := range ops {
		service, op := so[0], so[1]
		s.Handle(service, op, func(r *Request) Response {
			return of(CallerAccount(r, management))[service+"/"+op](r)
		})
	}
	s.Handle("organizations", "ListAccounts", func(r *Request) Response {
		var body struct {
			NextToken string
		}
		_ = json.Unmarshal(r.Body, &body)
		start, _ := strconv.Atoi(body.NextToken)
		start = min(max(start, 0), len(ids))
		end := min(start+20, len(ids))
		var page []map[string]any
		for _, id := range ids[start:end] {
			page = append(page, map[string]any{"Id": id, "Name": "account-" + id, "Status": "ACTIVE", "State": "ACTIVE",
				"Arn": "arn:aws:organizations::" + management + ":account/o-example/" + id})
		}
		out := map[string]any{"Accounts": page}
		if end < len(ids) {
			out["NextToken"] = strconv.Itoa(end)
		}
		return JSON(r, out)
	})
	s.Handle("sts", "AssumeRole", func(r *Request) Response {
		parts := strings.Split(r.Params.Get("RoleArn"), ":")
		if len(parts) < 6 || !member[parts[4]] {
			return AccessDenied(r)
		}
		acct := parts[4]
		return XML(r, X("Credentials", Raw(X("AccessKeyId", "ASIA"+acct)), Raw(X("SecretAccessKey", "s")),
			Raw(X("SessionToken", "t")), Raw(X("Expiration", "2099-01-01T00:00:00Z")))+
			X("AssumedRoleUser", Raw(X("Arn", "arn:aws:sts::"+acct+":assumed-role/"+parts[5][len("role/"):]+"/lambdasec")), Raw(X("AssumedRoleId", "AROA:lambdasec"))))
	})
	s.EmptyDefault()
}

// CallerAccount returns the account the credentials of r name: the
// account ID after "ASIA" in its SigV4 access key ID (as ServeOrganization's
// AssumeRole hands out), else def.
func CallerAccount(r *Request, def string) string {
	auth := r.HTTP.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential=ASIA"); i >= 0 && len(auth) >= i+len("Credential=ASIA")+12 {
		return auth[i+len("Credential=ASIA"):][:12]
	}
	return def
}
