package code

import (
	"strings"
)

// call evaluates o(args) for the brackets at open and close.
func (s *script) call(o obj, open, close, line int) obj {
	pos, kw := s.args(open, close)
	first := func(name string) Value {
		if sp, ok := kw[name]; ok {
			return s.value(sp.from, sp.to)
		}
		if len(pos) > 0 {
			return s.value(pos[0].from, pos[0].to)
		}
		return Value{}
	}
	switch o.kind {
	case oFunc:
		return *o.ret
	case oClientFn, oResourceFn:
		name, ok := first("service_name").Literal()
		if !ok {
			return obj{}
		}
		k := oClient
		if o.kind == oResourceFn {
			k = oResource
		}
		return obj{kind: k, svc: prefixOf(name)}
	case oSessionFn:
		return obj{kind: oSession}
	case oGetenv:
		if lit, ok := first("key").Literal(); ok {
			return obj{kind: oValue, val: envValue(lit, s.text(open-3, close+1))}
		}
	case oJSExport:
		return s.jsFunction(o, pos, line)
	case oMember:
		return s.method(*o.base, o.name, pos, kw, line)
	}
	return obj{}
}

// newExpr evaluates `new X.Y(args)` starting at the `new` token.
func (s *script) newExpr(k int) (obj, int) {
	k++
	if s.tok(k).kind != tIdent {
		return obj{}, k
	}
	o := s.lookup(s.tok(k).text)
	k++
	for s.is(k, ".") && s.tok(k+1).kind == tIdent {
		o = s.member(o, s.tok(k+1).text)
		k += 2
	}
	if !s.is(k, "(") {
		return s.construct(o, nil, s.tok(k-1).line), k
	}
	c := s.matching(k)
	if c < 0 {
		return obj{}, len(s.toks)
	}
	pos, _ := s.args(k, c)
	return s.construct(o, pos, s.tok(k).line), c + 1
}

// construct evaluates `new o(args)`.
func (s *script) construct(o obj, pos []span, line int) obj {
	if o.kind != oJSExport {
		return obj{}
	}
	if o.pkg == "aws-sdk" {
		if o.name == "DynamoDB.DocumentClient" {
			return obj{kind: oDocClient, svc: "dynamodb"}
		}
		if p, ok := v2Classes[o.name]; ok {
			return obj{kind: oClient, svc: p}
		}
		return obj{}
	}
	svc := jsService(o.pkg)
	if svc == "" {
		return obj{}
	}
	switch {
	case strings.HasSuffix(o.name, "Command") && len(o.name) > len("Command"):
		op := strings.TrimSuffix(o.name, "Command")
		if o.pkg == "@aws-sdk/lib-dynamodb" {
			if d, ok := documentOps[strings.ToLower(op)]; ok {
				op = d
			}
		}
		s.recordCall(svc, op, o.name, s.params(pos, nil, 0), line)
		return obj{}
	case o.pkg == "@aws-sdk/lib-dynamodb" && o.name == "DynamoDBDocument":
		return obj{kind: oDocClient, svc: "dynamodb"}
	case o.pkg == "@aws-sdk/lib-storage" && o.name == "Upload":
		// new Upload({ client, params: { Bucket, Key, Body } })
		p := map[string]span{}
		if sp, ok := s.params(pos, nil, 0)["params"]; ok {
			if d, _ := s.expr(sp.from); d.kind == oDict {
				for _, e := range s.entries(d.from, d.to) {
					p[e.key] = e.val
				}
			}
		}
		s.recordCall("s3", "PutObject", "Upload", p, line)
		return obj{}
	case strings.HasSuffix(o.name, "Client"):
		return obj{kind: oJSBare, svc: svc}
	}
	return obj{kind: oClient, svc: svc}
}

// jsService returns the IAM prefix of an SDK for JavaScript v3 package
// ("@aws-sdk/client-s3" -> "s3"), or "".
func jsService(pkg string) string {
	switch {
	case strings.HasPrefix(pkg, "@aws-sdk/client-"):
		return prefixOf(strings.TrimPrefix(pkg, "@aws-sdk/client-"))
	case pkg == "@aws-sdk/lib-dynamodb":
		return "dynamodb"
	case pkg == "@aws-sdk/lib-storage":
		return "s3"
	}
	return ""
}

// jsFunction evaluates a call of a function exported by an SDK package:
// the v3 paginators (paginateListObjectsV2(config, input)) and waiters
// (waitUntilTableExists(config, input)).
func (s *script) jsFunction(o obj, pos []span, line int) obj {
	svc := jsService(o.pkg)
	if svc == "" {
		return obj{}
	}
	switch {
	case strings.HasPrefix(o.name, "paginate") && len(o.name) > len("paginate"):
		s.recordCall(svc, strings.TrimPrefix(o.name, "paginate"), o.name, s.params(pos, nil, 1), line)
	case strings.HasPrefix(o.name, "waitUntil") || strings.HasPrefix(o.name, "waitFor"):
		if op := waiterOp(svc, o.name); op != "" {
			s.recordCall(svc, op, o.name, s.params(pos, nil, 1), line)
		}
	}
	return obj{}
}

// pyClientSkip are boto3 client attributes that are not operations.
var pyClientSkip = map[string]bool{"can_paginate": true, "close": true, "meta": true, "exceptions": true, "get_paginator": true, "get_waiter": true}

// jsClientSkip are methods of JavaScript clients that are not operations.
var jsClientSkip = map[string]bool{"send": true, "promise": true, "config": true, "middlewareStack": true, "destroy": true, "on": true,
	"makeRequest": true, "makeUnauthenticatedRequest": true, "setupRequestListeners": true, "createSet": true, "wrapper": true, "then": true}

// method evaluates base.name(args).
func (s *script) method(base obj, name string, pos []span, kw map[string]span, line int) obj {
	arg := func(i int, key string) (span, bool) {
		if sp, ok := kw[key]; ok {
			return sp, true
		}
		if i < len(pos) {
			return pos[i], true
		}
		return span{}, false
	}
	switch base.kind {
	case oJSExport:
		if name == "from" && base.pkg == "@aws-sdk/lib-dynamodb" {
			if base.name == "DynamoDBDocument" {
				return obj{kind: oDocClient, svc: "dynamodb"}
			}
			return obj{kind: oJSBare, svc: "dynamodb"}
		}
	case oDocClient:
		if op, ok := documentOps[strings.ToLower(name)]; ok {
			s.recordCall("dynamodb", op, name, s.params(pos, kw, 0), line)
		}
	case oPaginator:
		if name == "paginate" {
			s.recordCall(base.svc, base.op, "get_paginator", s.params(pos, kw, 0), line)
		}
	case oWaiter:
		if name == "wait" && base.op != "" {
			s.recordCall(base.svc, base.op, "get_waiter", s.params(pos, kw, 0), line)
		}
	case oResource:
		if name != "" && 'A' <= name[0] && name[0] <= 'Z' {
			sub := obj{kind: oSub, svc: base.svc, sub: name}
			for i := range pos {
				sub.ids = append(sub.ids, s.value(pos[i].from, pos[i].to))
			}
			for _, k := range []string{"name", "bucket_name", "key", "url", "arn"} {
				if sp, ok := kw[k]; ok {
					sub.ids = append(sub.ids, s.value(sp.from, sp.to))
				}
			}
			return sub
		}
		if name == "get_queue_by_name" {
			p := s.params(pos, kw, 0)
			s.recordCall("sqs", "GetQueueUrl", name, p, line)
			q := obj{kind: oSub, svc: "sqs", sub: "QueueByName"}
			if sp, ok := p["QueueName"]; ok {
				q.ids = []Value{s.value(sp.from, sp.to)}
			}
			return q
		}
		return s.clientMethod(base.svc, name, pos, kw, line)
	case oSub:
		return s.subMethod(base, name, pos, kw, line, arg)
	case oClient:
		return s.clientMethod(base.svc, name, pos, kw, line)
	}
	return obj{}
}

// clientMethod evaluates client.name(args) on a client of service svc.
func (s *script) clientMethod(svc, name string, pos []span, kw map[string]span, line int) obj {
	if name == "" || name[0] == '_' || 'A' <= name[0] && name[0] <= 'Z' {
		return obj{}
	}
	lit := func(i int, key string) string {
		if sp, ok := kw[key]; ok {
			return s.literalArg(sp)
		}
		if i < len(pos) {
			return s.literalArg(pos[i])
		}
		return ""
	}
	put := func(i int, key string, p map[string]span) {
		if sp, ok := kw[key]; ok {
			p[key] = sp
		} else if i < len(pos) {
			p[key] = pos[i]
		}
	}
	if s.lang == langPython {
		switch name {
		case "get_paginator":
			if op := lit(0, "operation_name"); op != "" {
				return obj{kind: oPaginator, svc: svc, op: pascal(op)}
			}
			return obj{}
		case "get_waiter":
			return obj{kind: oWaiter, svc: svc, op: waiterOp(svc, lit(0, "waiter_name"))}
		case "generate_presigned_url":
			op := lit(0, "ClientMethod")
			if op == "" {
				return obj{}
			}
			p := map[string]span{}
			if sp, ok := kw["Params"]; ok {
				if d, _ := s.expr(sp.from); d.kind == oDict {
					for _, e := range s.entries(d.from, d.to) {
						p[e.key] = e.val
					}
				}
			} else if len(pos) > 1 {
				if d, _ := s.expr(pos[1].from); d.kind == oDict {
					for _, e := range s.entries(d.from, d.to) {
						p[e.key] = e.val
					}
				}
			}
			s.recordCall(svc, pascal(op), name, p, line)
			return obj{}
		case "generate_presigned_post":
			p := map[string]span{}
			put(0, "Bucket", p)
			put(1, "Key", p)
			s.recordCall(svc, "PutObject", name, p, line)
			return obj{}
		case "upload_file", "upload_fileobj":
			p := map[string]span{}
			put(1, "Bucket", p)
			put(2, "Key", p)
			s.recordCall(svc, "PutObject", name, p, line)
			return obj{}
		case "download_file", "download_fileobj":
			p := map[string]span{}
			put(0, "Bucket", p)
			put(1, "Key", p)
			s.recordCall(svc, "GetObject", name, p, line)
			return obj{}
		case "copy":
			if svc == "s3" {
				p := map[string]span{}
				put(0, "CopySource", p)
				put(1, "Bucket", p)
				put(2, "Key", p)
				s.recordCall(svc, "CopyObject", name, p, line)
				return obj{}
			}
		}
		if pyClientSkip[name] {
			return obj{}
		}
		s.recordCall(svc, pascal(name), name, kw, line)
		return obj{}
	}
	switch name {
	case "getSignedUrl", "getSignedUrlPromise":
		if op := lit(0, ""); op != "" {
			s.recordCall(svc, pascal(op), name, s.params(pos, nil, 1), line)
		}
		return obj{}
	case "createPresignedPost":
		s.recordCall(svc, "PutObject", name, s.params(pos, nil, 0), line)
		return obj{}
	case "upload":
		if svc == "s3" {
			s.recordCall(svc, "PutObject", name, s.params(pos, nil, 0), line)
			return obj{}
		}
	case "waitFor":
		if op := waiterOp(svc, lit(0, "")); op != "" {
			s.recordCall(svc, op, name, s.params(pos, nil, 1), line)
		}
		return obj{}
	}
	if jsClientSkip[name] {
		return obj{}
	}
	s.recordCall(svc, pascal(name), name, s.params(pos, nil, 0), line)
	return obj{}
}

// subMethods maps boto3 sub-resource actions to operations, by
// sub-resource type, from boto3's resource definitions
// (boto3/data/*/resources-1.json).
var subMethods = map[string]map[string]string{
	"Table": {"put_item": "PutItem", "get_item": "GetItem", "update_item": "UpdateItem", "delete_item": "DeleteItem",
		"query": "Query", "scan": "Scan", "batch_writer": "BatchWriteItem", "load": "DescribeTable", "reload": "DescribeTable",
		"wait_until_exists": "DescribeTable", "delete": "DeleteTable", "update": "UpdateTable"},
	"Bucket": {"put_object": "PutObject", "upload_file": "PutObject", "upload_fileobj": "PutObject", "download_file": "GetObject",
		"download_fileobj": "GetObject", "delete_objects": "DeleteObjects", "delete": "DeleteBucket", "create": "CreateBucket",
		"copy": "CopyObject", "wait_until_exists": "HeadBucket"},
	"objects": {"all": "ListObjects", "filter": "ListObjects", "limit": "ListObjects", "page_size": "ListObjects", "delete": "DeleteObjects"},
	"Object": {"get": "GetObject", "put": "PutObject", "delete": "DeleteObject", "load": "HeadObject", "reload": "HeadObject",
		"upload_file": "PutObject", "upload_fileobj": "PutObject", "download_file": "GetObject", "download_fileobj": "GetObject",
		"copy_from": "CopyObject", "wait_until_exists": "HeadObject"},
	"Queue": {"send_message": "SendMessage", "send_messages": "SendMessageBatch", "receive_messages": "ReceiveMessage",
		"delete_messages": "DeleteMessageBatch", "purge": "PurgeQueue", "load": "GetQueueAttributes", "reload": "GetQueueAttributes"},
	"Topic": {"publish": "Publish", "subscribe": "Subscribe", "load": "GetTopicAttributes"},
}

// subParams are the parameters a sub-resource's identifiers fill, in
// order.
var subParams = map[string][]string{
	"Table": {"TableName"}, "Bucket": {"Bucket"}, "objects": {"Bucket"}, "Object": {"Bucket", "Key"},
	"Queue": {"QueueUrl"}, "QueueByName": {"QueueName"}, "Topic": {"TopicArn"},
}

// subMethod evaluates sub.name(args) on a boto3 sub-resource.
func (s *script) subMethod(sub obj, name string, pos []span, kw map[string]span, line int, arg func(int, string) (span, bool)) obj {
	kind := sub.sub
	if kind == "QueueByName" {
		kind = "Queue"
	}
	if sub.sub == "Bucket" && name == "Object" {
		o := obj{kind: oSub, svc: "s3", sub: "Object", ids: append([]Value{}, sub.ids...)}
		if sp, ok := arg(0, "key"); ok {
			o.ids = append(o.ids, s.value(sp.from, sp.to))
		}
		return o
	}
	op, ok := subMethods[kind][name]
	if !ok {
		return obj{}
	}
	p := map[string]span{}
	for k, v := range kw {
		p[k] = v
	}
	ids := map[string]Value{}
	for i, param := range subParams[sub.sub] {
		if i < len(sub.ids) {
			ids[param] = sub.ids[i]
		}
	}
	switch {
	case kind == "Bucket" && (name == "upload_file" || name == "upload_fileobj"):
		if sp, ok := arg(1, "Key"); ok {
			p["Key"] = sp
		}
	case kind == "Bucket" && (name == "download_file" || name == "download_fileobj"):
		if sp, ok := arg(0, "Key"); ok {
			p["Key"] = sp
		}
	}
	c := s.newCall(sub.svc, op, name, p, line)
	for k, v := range ids {
		if _, set := c.params[k]; !set {
			c.params[k] = v
		}
	}
	s.finish(c)
	if kind == "objects" && name != "delete" {
		return sub // bucket.objects.filter(...).delete()
	}
	return obj{}
}
