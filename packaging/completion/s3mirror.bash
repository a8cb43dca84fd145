# bash completion for s3mirror                                 -*- shell-script -*-

_s3mirror() {
  local cur prev words cword
  _init_completion -s || return

  local global="--endpoint-url --region --profile --config --addressing --ca-bundle --state-dir
    --verbose --quiet --log-format --syslog --help --version"
  local sync_opts="--concurrency --delete --max-delete --force-delete --exclude --include --dry-run
    --no-hash-cache --content-type --default-content-type --cache-control --acl --storage-class
    --sse --multipart-threshold --part-size --follow-symlinks --heartbeat --lock --progress
    --statsd --statsd-prefix --metrics-file"
  sync_opts+=" --awkward-names"
  sync_opts+=" --no-website-order"
  sync_opts+=" --no-mount-check"
  sync_opts+=" --headers --fix-headers --fix-headers-budget --checksum"
  sync_opts+=" --unsigned-payload"
  local status_opts="--lock --json --nagios --warning --critical --history"
  local heartbeat_opts=""
  sync_opts+=" --delete-after-missing"
  status_opts+=" --pending"

  case $prev in
    --pending)
      _filedir -d
      return
      ;;
    --delete-after-missing)
      return
      ;;
    --config | --ca-bundle | --lock | --metrics-file)
      _filedir
      return
      ;;
    --state-dir)
      _filedir -d
      return
      ;;
    --addressing)
      COMPREPLY=($(compgen -W "auto path virtual" -- "$cur"))
      return
      ;;
    --log-format)
      COMPREPLY=($(compgen -W "text json" -- "$cur"))
      return
      ;;
    --progress)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
      return
      ;;
    --awkward-names)
      COMPREPLY=($(compgen -W "upload skip fail" -- "$cur"))
      return
      ;;
    --sse)
      COMPREPLY=($(compgen -W "AES256 aws:kms" -- "$cur"))
      return
      ;;
    --headers)
      _filedir
      return
      ;;
    --checksum)
      COMPREPLY=($(compgen -W "md5 crc32c sha256 none" -- "$cur"))
      return
      ;;
    --fix-headers-budget)
      return
      ;;
    --acl)
      COMPREPLY=($(compgen -W "private public-read public-read-write authenticated-read
        bucket-owner-read bucket-owner-full-control" -- "$cur"))
      return
      ;;
    --endpoint-url | --region | --profile | --concurrency | --max-delete | --exclude | --include | \
      --content-type | --default-content-type | --cache-control | --storage-class | \
      --multipart-threshold | --part-size | --heartbeat | --statsd | --statsd-prefix | \
      --warning | --critical | --history)
      return
      ;;
  esac

  local command="" word
  for word in "${words[@]:1:cword-1}"; do
    case $word in
      sync | status | heartbeat)
        command=$word
        break
        ;;
    esac
  done

  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$global" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "sync status heartbeat" -- "$cur"))
    fi
    return
  fi

  if [[ $cur == -* ]]; then
    local extra
    case $command in
      sync) extra=$sync_opts ;;
      status) extra=$status_opts ;;
      heartbeat) extra=$heartbeat_opts ;;
    esac
    COMPREPLY=($(compgen -W "$global $extra" -- "$cur"))
    return
  fi
  [[ $command == sync ]] && _filedir -d
}
complete -F _s3mirror s3mirror

# ex: filetype=sh
